"""A large site put straight into an emulator's state (no REST calls), for the site-export benchmark.

``fill(state, users, groups, projects, workbooks)`` gives the Default site ``users`` users, ``groups``
local groups of up to 20 members each, ``projects`` projects (a tenth at the top, the rest nested below
them) and ``workbooks`` workbooks spread over the projects, each with an owner and tags. Projects and
workbooks take their rules the way the emulator gives new ones theirs (its ``project_created`` and
``content_created`` hooks).
"""

from tableau_emulator import registry
from tableau_emulator.handlers.users import add_site_user
from tableau_emulator.state import new_id
from tableau_emulator.xmlio import now


def fill(state, users, groups, projects, workbooks):
    with state.lock:
        site = state.site_by_content_url("")
        people = [add_site_user(state, site, "user%05d" % i, "Viewer" if i % 3 else "Explorer",
                                email="user%05d@example.com" % i, full_name="User %05d" % i)
                  for i in range(users)]
        for number in range(groups):
            members = set(p["id"] for p in people[number * 7 % max(users, 1):][:20])
            group = {"id": new_id(), "name": "group%04d" % number, "domain": "local", "minimumSiteRole": None,
                     "members": members, "import": None}
            site.groups[group["id"]] = group
        stamp = now()
        owner = next(iter(site.users))
        top = max(1, projects // 10)
        made = []
        for number in range(projects):
            parent = made[number % top]["id"] if number >= top else None
            project = {"id": new_id(), "name": "project%04d" % number, "parentProjectId": parent,
                       "description": "Project %d" % number, "contentPermissions": "ManagedByOwner",
                       "ownerId": people[number % users]["id"] if users else owner, "createdAt": stamp,
                       "updatedAt": stamp}
            site.projects[project["id"]] = project
            registry.fire("project_created", state, site, project)
            made.append(project)
        for number in range(workbooks):
            project = made[number % len(made)] if made else None
            workbook = {"id": new_id(), "name": "workbook%05d" % number, "description": "", "views": [],
                        "connections": [], "file": None, "projectId": project["id"] if project else None,
                        "ownerId": people[number % users]["id"] if users else owner, "tags": ["bench"],
                        "contentUrl": "workbook%05d" % number, "createdAt": stamp, "updatedAt": stamp,
                        "showTabs": False, "size": 1, "hasExtracts": False, "extension": "twbx"}
            site.workbooks[workbook["id"]] = workbook
            registry.fire("content_created", state, site, "workbooks", workbook)
