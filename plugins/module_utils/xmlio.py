# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""XML in and out: requests are built with ElementTree, responses parsed only through defusedxml."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import xml.etree.ElementTree as ET  # building requests only

try:
    from defusedxml import ElementTree as SafeET
    from defusedxml import DefusedXmlException
    HAS_DEFUSEDXML = True
    DEFUSEDXML_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module as a missing requirement
    SafeET = None
    DefusedXmlException = Exception
    HAS_DEFUSEDXML = False
    DEFUSEDXML_IMPORT_ERROR = exc

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauResponseError

NS = "http://tableau.com/api"
NSMAP = {"t": NS}


def ts_request(*children):
    """``<tsRequest>`` around one element (or several: an import's one ``<user>`` per line of its file);
    Tableau's clients send it without a namespace."""
    root = ET.Element("tsRequest")
    root.extend(children)
    return ET.tostring(root, encoding="utf-8")


def element(tag, attrs=None, *children):
    """An element whose attributes skip None and render booleans as Tableau does."""
    el = ET.Element(tag)
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        el.set(key, str(value))
    for child in children:
        if child is not None:
            el.append(child)
    return el


def parse(body, root_tag="tsResponse"):
    """Parse a response body; hostile or broken XML becomes a TableauResponseError.

    ``root_tag`` is the document element the answer must have: ``tsResponse`` for the REST API (with or
    without its namespace), ``authinfo`` for the ``/auth`` page of servers older than serverInfo.
    """
    try:
        root = SafeET.fromstring(body)
    except ET.ParseError as exc:
        raise TableauResponseError("The server sent a response that is not well-formed XML: %s" % exc)
    except DefusedXmlException as exc:
        raise TableauResponseError("The server sent XML that was refused as unsafe (%s): %s"
                                   % (type(exc).__name__, exc))
    if root.tag not in ("{%s}%s" % (NS, root_tag), root_tag):
        # Well-formed but not Tableau's (a proxy's HTML page, say): reading it as an empty answer would mislead.
        raise TableauResponseError("The server sent <%s> where a Tableau <%s> was expected."
                                   % (root.tag.split("}")[-1][:40], root_tag),
                                   hint="Check server_url: a proxy, load balancer or login page may be answering.")
    return root


def find(root, path):
    """``find`` with every step in Tableau's namespace: ``find(root, 'project/owner')``."""
    if root is None:
        return None
    return root.find(_qualify(path), NSMAP)


def require(root, path, context):
    """``find``, or a TableauResponseError naming what is missing: a well-formed answer may still lack it."""
    el = find(root, path)
    if el is None:
        raise missing(path, context)
    return el


def missing(path, context):
    return TableauResponseError(
        "The server's answer to %s has no <%s> element where Tableau sends one." % (context, path),
        hint="A proxy or a server of another version may be answering; check server_url and api_version.")


def findall(root, path):
    if root is None:
        return []
    return root.findall(_qualify(path), NSMAP)


def _qualify(path):
    return "/".join(step if step in (".", "..") else "t:" + step for step in path.split("/"))


def to_bool(value):
    if value is None:
        return None
    return str(value).lower() == "true"


def to_int(value):
    if value in (None, ""):
        return None
    return int(value)
