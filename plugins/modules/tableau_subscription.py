#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_subscription
short_description: Subscribe a user to a Tableau view or workbook, or remove the subscription
version_added: 1.1.0
description:
  - Makes a subscription exist that e-mails the view or workbook to the user on a schedule, with the given
    subject, text and attachments; or removes it.
  - A subscription is identified by its O(user), its content (O(project), O(workbook) and, for a view, O(view))
    and its O(subject), on Tableau Server and Tableau Cloud alike. The subject is compared exactly; everything
    else (schedule or frequency, text, attachments, suspension) is changed in place. To rename a
    subscription, remove it and create it again.
  - On Tableau Server a subscription runs on a server schedule of type Subscription, named by O(schedule).
    Tableau Cloud has no server schedules; there a subscription carries its own frequency (O(frequency),
    O(start_time) and the interval options, the same options and checks as the Cloud extract-refresh and
    flow tasks take), which needs REST API 3.20. When any frequency option is given, the whole frequency is
    compared and, if it differs, sent.
  - Subscriptions need REST API 2.3. O(body), O(attach_image), O(attach_pdf), O(page_orientation),
    O(page_size), O(send_if_view_empty) and O(suspended) need 3.1.
  - Site administrators can subscribe any user who can see the content; other users can subscribe
    themselves.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
  - tableau.server.frequency
options:
  user:
    description:
      - Name of the user who receives the e-mails (matched without regard to case).
    type: str
    required: true
  content_type:
    description:
      - V(view) to send one view, V(workbook) to send the whole workbook.
    type: str
    choices: [view, workbook]
    required: true
  project:
    description:
      - Path of the workbook's project, such as V(Finance/Reports) (see M(tableau.server.tableau_project)).
    type: str
    required: true
  workbook:
    description:
      - Name of the workbook, or of the workbook the view is in.
    type: str
    required: true
  view:
    description:
      - Name of the view in O(workbook). Required for O(content_type=view); not allowed otherwise.
    type: str
  subject:
    description:
      - Subject line of the e-mails. Together with the user and the content it identifies the subscription.
    type: str
    required: true
  schedule:
    description:
      - Tableau Server only. Name of the server schedule the subscription runs on; it must be a schedule of
        type Subscription, or the task fails before any write. Reading schedules needs a server administrator.
      - Creating a subscription on Tableau Server needs it.
    type: str
  body:
    description:
      - Text of the e-mails (the REST API's C(message); Ansible keeps the option name C(message) for itself).
    type: str
  attach_image:
    description:
      - Attach a PNG image of the content. New subscriptions attach one unless this is V(false).
      - O(attach_image) and O(attach_pdf) cannot both be V(false).
    type: bool
  attach_pdf:
    description:
      - Attach a PDF of the content. New subscriptions attach none unless this is V(true).
    type: bool
  page_orientation:
    description:
      - Orientation of the PDF's pages.
    type: str
    choices: [Portrait, Landscape]
  page_size:
    description:
      - Page size of the PDF.
    type: str
    choices: [A3, A4, A5, B4, B5, Executive, Folio, Ledger, Legal, Letter, Note, Quarto, Tabloid, Unspecified]
  send_if_view_empty:
    description:
      - For O(content_type=view), whether to send the e-mail when the view shows no data. New subscriptions
        send it unless this is V(false).
    type: bool
  suspended:
    description:
      - V(true) stops the e-mails, V(false) resumes them. A new subscription always starts unsuspended; a
        V(true) here suspends it in a second request.
    type: bool
  state:
    description:
      - V(present) to create or change the subscription, V(absent) to delete it (every subscription of the
        user to the content with the subject).
    type: str
    choices: [present, absent]
    default: present
notes:
  - Check mode reads the user, the content, the schedule and the site's subscriptions, and predicts the
    result without any write. The diff shows the user, the project, workbook and view, and the schedule by name.
  - A subscription goes when its user, its content or its schedule is removed.
seealso:
  - module: tableau.server.tableau_subscription_info
  - module: tableau.server.tableau_workbook
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish the workbook to subscribe to
      tableau.server.tableau_workbook:
        name: Sales
        project: Default
        file: files/sales.twbx

    - name: E-mail the Overview dashboard to Jane every weekday morning (Tableau Server)
      tableau.server.tableau_subscription:
        user: jsmith
        content_type: view
        project: Default
        workbook: Sales
        view: Overview
        subject: Sales overview
        body: Good morning. Here are yesterday's sales.
        schedule: Weekday mornings
        attach_pdf: true
        page_orientation: Landscape
        page_size: A4

    - name: Only on Monday mornings, and not while the data is being rebuilt
      tableau.server.tableau_subscription:
        user: jsmith
        content_type: view
        project: Default
        workbook: Sales
        view: Overview
        subject: Sales overview
        schedule: Monday morning
        suspended: true

    - name: Remove the subscription
      tableau.server.tableau_subscription:
        user: jsmith
        content_type: view
        project: Default
        workbook: Sales
        view: Overview
        subject: Sales overview
        state: absent

# On Tableau Cloud a subscription carries its own frequency instead of a server schedule:
#
#   - name: The whole workbook, Mondays and Thursdays at 07:30 (Tableau Cloud)
#     tableau.server.tableau_subscription:
#       user: jsmith@example.com
#       content_type: workbook
#       project: Default
#       workbook: Sales
#       subject: Sales twice a week
#       frequency: Weekly
#       start_time: "07:30"
#       week_days: [Monday, Thursday]
"""

RETURN = r"""
subscription:
  description: The subscription after the task (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the subscription; null for one check mode would create.
      type: str
    subject:
      description: Subject line of the e-mails.
      type: str
      sample: Sales overview
    user:
      description: Name of the user who receives them.
      type: str
      sample: jsmith
    content_type:
      description: V(view) or V(workbook).
      type: str
    project:
      description: Path of the workbook's project.
      type: str
    workbook:
      description: Name of the workbook (of the view's workbook for a view).
      type: str
    view:
      description: Name of the view; null for a workbook subscription.
      type: str
    schedule:
      description: Name of the server schedule (Tableau Server); null on Tableau Cloud.
      type: str
      sample: Weekday mornings
    frequency:
      description: The subscription's own frequency (Tableau Cloud); null on Tableau Server.
      type: str
    start_time:
      description: Time of day the runs start, HH:MM (Tableau Cloud).
      type: str
    end_time:
      description: Time of day the runs end, HH:MM (Tableau Cloud).
      type: str
    interval_hours:
      description: Hours between runs (Tableau Cloud).
      type: int
    interval_minutes:
      description: Minutes between runs (Tableau Cloud).
      type: int
    week_days:
      description: Days of the week it runs on (Tableau Cloud).
      type: list
      elements: str
    month_days:
      description: Days of the month it runs on (Tableau Cloud).
      type: list
      elements: str
    body:
      description: Text of the e-mails.
      type: str
    attach_image:
      description: Whether an image is attached.
      type: bool
    attach_pdf:
      description: Whether a PDF is attached.
      type: bool
    page_orientation:
      description: Orientation of the PDF's pages, when the server says.
      type: str
    page_size:
      description: Page size of the PDF, when the server says.
      type: str
    send_if_view_empty:
      description: Whether the e-mail is sent when the view shows no data.
      type: bool
    suspended:
      description: Whether the e-mails are stopped.
      type: bool
    user_id:
      description: LUID of the user.
      type: str
    content_id:
      description: LUID of the workbook or view.
      type: str
    schedule_id:
      description: LUID of the server schedule (Tableau Server).
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.frequency import frequency_argspec
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.subscription import (
    SubscriptionResource,
    check_params,
    ensure,
    subscription_spec,
)


def run(module, client):
    return ensure(SubscriptionResource(client, module.check_mode), module.params)


def main():
    spec = subscription_spec()
    module = TableauModule(argument_spec=spec, supports_check_mode=True,
                           mutually_exclusive=[("schedule", option) for option in frequency_argspec()])
    module.run(run, check=check_params)


if __name__ == "__main__":
    main()
