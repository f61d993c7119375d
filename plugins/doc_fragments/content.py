# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Options tableau_workbook, tableau_datasource and tableau_flow share.
    DOCUMENTATION = r"""
options:
  name:
    description:
      - Name of the item on the server. Names match as the server matches them, without regard to case;
        the server keeps names unique within a project that way, so C(sales) addresses an item C(Sales) in
        the project (and an overwrite gives it the spelling of O(name)).
    type: str
    required: true
  project:
    description:
      - Path of the project that holds the item, names separated by C(/) (C(/) in a name written C(\/)).
      - With O(new_project) or O(new_name), where the item is now.
      - Changing O(project) of a task does not move an item that exists elsewhere; it publishes a second
        copy in the new project, and the task warns about it. Use O(new_project) to move an item.
    type: str
    default: Default
  new_project:
    description:
      - Move the item to this project (a path, as O(project)) with Tableau's update of the item, so it
        keeps its id and content; nothing is published again for the move. With O(state=present) only.
      - When no item is in O(project) but one is in O(new_project) under the new name, it was moved
        already and nothing is done, so the task stays idempotent after the move.
      - The project must exist, and the new place must not hold an item of that name (names match without
        regard to case); both are checked before anything is written.
      - With O(file), the item is moved first and then published (or not) at its new place as usual.
        Without O(file), the task only moves or renames the item and converges its settings.
    type: str
    version_added: 1.1.0
  new_name:
    description:
      - Rename the item to this name (in O(new_project) when given, else in O(project)). With
        O(state=present) only; idempotent as O(new_project) is.
      - Renaming a data source needs REST API 3.12 (Tableau Server 2021.2) or later; workbooks can be
        renamed with every version.
      - Flows cannot be renamed (Update Flow takes a project and an owner, not a name), so
        M(tableau.server.tableau_flow) refuses O(new_name) before any request.
    type: str
    version_added: 1.1.0
  file:
    description:
      - Local file to publish. Required with O(state=present), unless O(new_project) or O(new_name) is
        given (then the task only moves or renames an existing item).
      - Checked before anything is sent, so a missing file or a wrong extension fails the task at once.
    type: path
  force:
    description:
      - Publish even when the fingerprint says the server already has this file.
    type: bool
    default: false
  description:
    description:
      - Description of the item. Omitted leaves it alone; C("") clears it.
    type: str
  owner:
    description:
      - With O(state=present), the name of the user who owns the item on the server. Omitted leaves the
        owner alone (a new item is owned by the signed-in user).
      - With O(state=downloaded), the name of the user who owns the local file, as in M(ansible.builtin.file).
    type: str
  tags:
    description:
      - Tags of the item. Omitted leaves tags alone.
      - The fingerprint tag (C(sha256:...)) is managed by the module and never touched by this option.
    type: list
    elements: str
  purge_tags:
    description:
      - With O(tags), remove tags that are not listed. V(false) only adds.
    type: bool
    default: true
  as_job:
    description:
      - Publish as a background job on the server (C(asJob=true)) and wait for it; large files then do
        not hit the server's request timeout. The task fails when the job fails.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for a background job before the task fails (the job keeps running on the server).
    type: int
    default: 1800
  connections:
    description:
      - Connections to update after publishing. Each entry applies to the item's connections that match
        O(connections[].match) (all of them when O(connections[].match) is omitted).
      - A connection whose server address or port already has the desired value also matches, so the
        task stays idempotent after it changed the address.
    type: list
    elements: dict
    suboptions:
      match:
        description: Which connections the entry updates; every key given must match.
        type: dict
        suboptions:
          server_address:
            description: Current server address (compared without regard to case).
            type: str
          server_port:
            description: Current server port.
            type: int
          type:
            description: Connection type, such as C(postgres), C(sqlserver), C(hyper).
            type: str
          datasource_name:
            description: Name of the data source inside a workbook that the connection belongs to.
            type: str
      server_address:
        description: New server address.
        type: str
      server_port:
        description: New server port.
        type: int
      username:
        description: User name the connection signs in with.
        type: str
      password:
        description:
          - Password of the connection. Write-only; sent as O(update_password) says.
        type: str
      embed_password:
        description: Whether the password is embedded in the item.
        type: bool
  update_password:
    description:
      - When to send connection passwords, which the server never returns and so cannot be compared.
      - V(on_create) sends them when the file was published by this run, or when the connection's other
        settings change. V(always) sends them on every run, so the task always reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
  dest:
    description:
      - With O(state=downloaded), the local file to write, or a directory to write the server's file name into.
      - Written atomically (a temporary file in the same folder, moved into place); replaced only when its
        content differs. O(mode), O(owner), O(group) and the other file options set the file's attributes.
      - Refused before any request when its folder does not exist, is a file, or cannot be written to. A
        download that breaks off leaves no file behind.
    type: path
  include_extract:
    description:
      - With O(state=downloaded), include extract files in a packaged download. V(false) leaves them out.
    type: bool
    default: true
  chunk_size_mb:
    description:
      - Size in MiB of each part of a file upload session (files of O(single_request_limit_mb) or more).
      - Each part is streamed from disk; memory use does not grow with the file size.
    type: int
    default: 50
  single_request_limit_mb:
    description:
      - Files smaller than this many MiB are published in one request; larger ones through a file upload
        session. Tableau refuses single requests above 64 MB, so values above 64 are refused.
    type: int
    default: 64
notes:
  - B(How unchanged content is detected.) The REST API returns no hash of a published file, so after each
    publish the module tags the item with C(sha256:) and the first 16 hex digits of the SHA-256 of the file
    (for workbooks, of the file and the names of the hidden views, which can only be set by publishing).
    A later run hashes the local file and publishes only when the tag differs. A run that publishes
    nothing uploads nothing.
  - The comparison trusts the tag. Content replaced outside this module (from Tableau Desktop, say)
    keeps the old tag and is not detected; removing the tag, or O(force=true), makes the next run publish.
    An item without the tag (published by other means) is published once, then tagged.
  - Embedded credentials (O(credentials)) and connection passwords cannot be read back and are not part
    of the comparison.
  - B(Moving versus copying.) A task finds its item by O(name) in O(project) only. Editing O(project) in a
    playbook therefore publishes a new item in the other project and leaves the old one where it is; the
    task then warns that a second copy was made. To move the item instead, keep O(project) where it is
    and set O(new_project) (and O(new_name) to rename it).
"""
