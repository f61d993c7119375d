"""XML in and out, as the real server does it.

Requests arrive as a bare ``<tsRequest>`` (Tableau's clients send no namespace, some do);
responses always leave namespaced in ``http://tableau.com/api``.
"""

import datetime
import xml.etree.ElementTree as ET  # building only; parsing goes through defusedxml

from defusedxml import ElementTree as SafeET

from .errors import bad_request

NS = "http://tableau.com/api"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DEFAULT_SCHEMA_VERSION = "3.25"


def schema_location(version):
    """The xsi:schemaLocation a server puts on every answer: the schema of the negotiated version.

    Real answers name ``http://tableau.com/api/ts-api-<version>.xsd`` (TSC's recorded assets, e.g.
    ``ts-api-2.3.xsd``, ``ts-api-3.0.xsd``, ``ts-api-3.11.xsd``); the server sets it for the request's version.
    """
    return "%s http://tableau.com/api/ts-api-%s.xsd" % (NS, version)


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def response(*children):
    root = ET.Element("tsResponse", {"xmlns": NS, "xmlns:xsi": XSI,
                                      "xsi:schemaLocation": schema_location(DEFAULT_SCHEMA_VERSION)})
    for child in children:
        if child is not None:
            root.append(child)
    return root


def element(tag, attrs=None, *children):
    """An element whose attributes skip None values and render booleans the Tableau way."""
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


def text_element(tag, text):
    el = ET.Element(tag)
    el.text = text
    return el


def serialize(root):
    return b'<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(root, encoding="utf-8")


def error_document(code, summary, detail):
    err = element("error", {"code": code})
    err.append(text_element("summary", summary))
    err.append(text_element("detail", detail))
    return response(err)


def _strip_namespaces(root):
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
        for key in list(el.attrib):
            if key.startswith("{"):
                el.set(key.split("}", 1)[1], el.attrib.pop(key))
    return root


def parse_request(body):
    """The request's ``<tsRequest>``, namespaces dropped; a 400 for anything else."""
    if not body:
        raise bad_request("The request body is missing or empty.")
    try:
        root = SafeET.fromstring(body)
    except Exception as exc:  # defusedxml raises several types, all mean the same here
        raise bad_request("Could not parse the request body: %s" % exc)
    root = _strip_namespaces(root)
    if root.tag != "tsRequest":
        raise bad_request("The request body must be a tsRequest document.")
    return root


def child(root, tag, required=True):
    el = root.find(tag)
    if el is None and required:
        raise bad_request("The request body is missing the '%s' element." % tag)
    return el


def parse_bool(value, name):
    if value is None:
        return None
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise bad_request("The value '%s' of '%s' is not a boolean." % (value, name))


def parse_int(value, name, minimum=None):
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise bad_request("The value '%s' of '%s' is not an integer." % (value, name))
    if minimum is not None and number < minimum:
        raise bad_request("The value of '%s' must be %d or more." % (name, minimum))
    return number
