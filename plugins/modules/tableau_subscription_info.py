#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_subscription_info
short_description: List the subscriptions of a Tableau site
version_added: 1.1.0
description:
  - Lists the subscriptions of the signed-in site with their user, project, workbook, view and schedule by
    name, optionally only those matching every filter given (names match without regard to case).
  - Names are read with one listing per kind (users, projects, workbooks, views and, on Tableau Server where
    the answers leave a schedule's name out, schedules), not one request per subscription.
  - Site administrators see every subscription of the site; other users see their own.
  - Subscriptions need REST API 2.3.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  user:
    description:
      - Only the subscriptions of this user.
    type: str
  project:
    description:
      - Only subscriptions to content in this project (its path, such as V(Finance/Reports)).
    type: str
  workbook:
    description:
      - Only subscriptions to this workbook or to its views.
    type: str
  view:
    description:
      - Only subscriptions to views of this name.
    type: str
  schedule:
    description:
      - Only subscriptions on this server schedule (Tableau Server).
    type: str
  fields:
    description:
      - Only these keys of each item of RV(subscriptions); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, subject, user, content_type, project, workbook, view, schedule, frequency, start_time, end_time,
              interval_hours, interval_minutes, week_days, month_days, body, attach_image, attach_pdf,
              page_orientation, page_size, send_if_view_empty, suspended, user_id, content_id, schedule_id]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_subscription
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Every subscription of the site
      tableau.server.tableau_subscription_info:
      register: everything

    - name: What Jane receives on Monday mornings
      tableau.server.tableau_subscription_info:
        user: jsmith
        schedule: Monday morning
      register: mondays

    - name: Who is subscribed to the Sales workbook or its views
      tableau.server.tableau_subscription_info:
        project: Default
        workbook: Sales
      register: sales
"""

RETURN = r"""
subscriptions:
  description: The matching subscriptions, sorted by user, project, workbook, view and subject.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the subscription.
      type: str
    subject:
      description: Subject line of the e-mails.
      type: str
    user:
      description: Name of the user who receives them.
      type: str
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
    frequency:
      description: The subscription's own frequency (Tableau Cloud).
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

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.subscription import (
    SubscriptionResource,
    subscription_info,
)


def run(module, client):
    return subscription_info(SubscriptionResource(client), module.params)


# The keys of each item of RV(subscriptions) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "subject", "user", "content_type", "project", "workbook", "view", "schedule", "frequency",
             "start_time", "end_time", "interval_hours", "interval_minutes", "week_days", "month_days", "body",
             "attach_image", "attach_pdf", "page_orientation", "page_size", "send_if_view_empty", "suspended",
             "user_id", "content_id", "schedule_id")


def main():
    module = TableauModule(
        items=("subscriptions", ITEM_KEYS),
        argument_spec=dict(user=dict(type="str"), project=dict(type="str"), workbook=dict(type="str"),
                           view=dict(type="str"), schedule=dict(type="str")),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
