"""Build the collection's HTML docsite with antsibull-docs and Sphinx: plugins, the role, the guides.

    python tests/release/build_docsite.py COLLECTION_DIR DEST_DIR

The collection must be where ansible finds it (ANSIBLE_COLLECTIONS_PATH). antsibull-docs writes the
RST of every module and role; the guides (docs/*.md) are read as they are by MyST, and CHANGELOG.rst
becomes the changelog page. Sphinx runs with -W, so a warning (a broken link between guides, a bad
markup in a module's documentation) fails the build. Then every module, role and guide must have
its page. The site is DEST_DIR/build/html.
"""

import glob
import os
import shutil
import subprocess
import sys

COLLECTION_NAME = "tableau.server"

CONF = '''# Sphinx configuration of the tableau.server docsite, written by tests/release/build_docsite.py.
project = "tableau.server"
copyright = "tableau.server contributors"
title = "tableau.server"
html_short_title = "tableau.server"
extensions = ["sphinx_antsibull_ext", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_heading_anchors = 3
pygments_style = "ansible"
highlight_language = "YAML+Jinja"
html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
default_role = "any"
nitpicky = True

# The generated pages refer to labels of Ansible's own docsite, which Sphinx would look up with
# intersphinx, over the network. They become absolute links instead; any other unknown label is
# still a warning, and fails the build.
ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/latest/"
ANSIBLE_LABELS = {
    "common_return_values": "reference_appendices/common_return_values.html",
    "ansible_configuration_settings": "reference_appendices/config.html",
    "action_plugins": "plugins/action.html",
}


def ansible_docs_link(app, env, node, contnode):
    from docutils import nodes

    target = node.get("reftarget", "")
    page = ANSIBLE_LABELS.get(target)
    if page is None and node.get("reftype") == "envvar" and target.startswith("ANSIBLE_"):
        page = "reference_appendices/config.html#envvar-%s" % target
    if page is None and target.startswith("ansible_collections.ansible.builtin."):
        page = "collections/ansible/builtin/%s.html" % target.rsplit(".", 1)[1]
    if node.get("refdomain") != "std" or page is None or contnode is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=ANSIBLE_DOCS + page)
    reference.append(contnode)
    return reference


def setup(app):
    app.connect("missing-reference", ansible_docs_link)
'''

INDEX = '''.. _docsite_root_index:

tableau.server
==============

Manage Tableau Server and Tableau Cloud declaratively over the Tableau REST API.

.. toctree::
   :maxdepth: 1
   :caption: Guides:
   :glob:

   guides/*

.. toctree::
   :maxdepth: 2
   :caption: Modules and roles:

   collections/index

.. toctree::
   :maxdepth: 1
   :caption: Plugin indexes:
   :glob:

   collections/index_*

.. toctree::
   :maxdepth: 1
   :caption: Reference:

   collections/environment_variables
   changelog
'''


def run(command, log, cwd=None):
    with open(log, "w") as handle:
        process = subprocess.run(command, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if process.returncode != 0:
        with open(log) as handle:
            print(handle.read()[-8000:])
        raise SystemExit("%s failed with exit code %d (log: %s)" % (command[0], process.returncode, log))


def missing_pages(collection, html):
    pages = os.path.join(html, "collections", "tableau", "server")
    wanted = [os.path.join(pages, "%s_module.html" % os.path.basename(path)[:-3])
              for path in glob.glob(os.path.join(collection, "plugins", "modules", "*.py"))]
    wanted += [os.path.join(pages, "%s_role.html" % os.path.basename(path))
               for path in glob.glob(os.path.join(collection, "roles", "*"))]
    wanted += [os.path.join(html, "guides", os.path.basename(path)[:-3] + ".html")
               for path in glob.glob(os.path.join(collection, "docs", "*.md"))]
    wanted.append(os.path.join(html, "changelog.html"))
    return [path for path in wanted if not os.path.isfile(path)], len(wanted)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    collection, dest = (os.path.abspath(path) for path in argv)
    shutil.rmtree(dest, ignore_errors=True)
    rst = os.path.join(dest, "rst")
    os.makedirs(rst, mode=0o700)  # antsibull-docs writes only into a directory that only it can write to
    os.chmod(dest, 0o700)
    os.chmod(rst, 0o700)
    bindir = os.path.dirname(sys.executable)
    run([os.path.join(bindir, "antsibull-docs"), "collection", "--use-current", "--fail-on-error",
         "--dest-dir", rst, COLLECTION_NAME], os.path.join(dest, "antsibull-docs.log"))
    guides = os.path.join(rst, "guides")
    os.makedirs(guides)
    for path in sorted(glob.glob(os.path.join(collection, "docs", "*.md"))):
        shutil.copy(path, guides)
    shutil.copy(os.path.join(collection, "CHANGELOG.rst"), os.path.join(rst, "changelog.rst"))
    with open(os.path.join(rst, "index.rst"), "w") as handle:
        handle.write(INDEX)
    with open(os.path.join(dest, "conf.py"), "w") as handle:
        handle.write(CONF)
    html = os.path.join(dest, "build", "html")
    run([os.path.join(bindir, "sphinx-build"), "-b", "html", "-W", "--keep-going", "-q", "-c", dest, rst, html],
        os.path.join(dest, "sphinx.log"))
    missing, wanted = missing_pages(collection, html)
    if missing:
        raise SystemExit("docsite: pages missing:\n  " + "\n  ".join(missing))
    print("docsite built without warnings: %d pages checked (modules, roles, guides, changelog): %s"
          % (wanted, os.path.join(html, "index.html")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
