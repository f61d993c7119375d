"""Filter, sort and paging of list endpoints, with the real server's rules and errors."""

import re

from .errors import ApiError, bad_request

OPERATORS = ("eq", "cieq", "gt", "gte", "lt", "lte", "in", "has")
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100


def _split_top_level(text):
    """Split on commas that are not inside ``[...]``."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p != ""]


def parse_filter(expression, fields):
    """``name:eq:Sales,ownerName:in:[a,b]`` into ``[(field, op, value-or-list)]``.

    ``fields`` maps each filterable field name to a getter of the item's value.
    """
    if not expression:
        return []
    conditions = []
    for part in _split_top_level(expression):
        pieces = part.split(":", 2)
        if len(pieces) != 3:
            raise bad_request("Invalid filter expression '%s': expected field:operator:value." % part,
                              code="400065", summary="Bad Request")
        field, op, value = pieces
        if field not in fields:
            raise bad_request("The filter query contains a key which is not recognized for this api version: '%s'."
                              % field, code="400065", summary="Bad Request")
        if op not in OPERATORS:
            raise bad_request("The filter operator '%s' is not valid." % op, code="400065")
        if op == "in":
            if not (value.startswith("[") and value.endswith("]")):
                raise bad_request("The 'in' operator takes a list: %s:in:[value1,value2]." % field, code="400065")
            value = value[1:-1].split(",")
        elif re.search(r"[\[\]]", value):
            raise bad_request("Invalid character in filter value '%s'." % value, code="400065")
        conditions.append((field, op, value))
    return conditions


def _compare(actual, op, value):
    if isinstance(actual, (list, tuple, set)) and op != "has":
        # Multi-valued fields (tags) match when any of their values does.
        return any(_compare(item, op, value) for item in actual)
    if op == "in":
        return actual is not None and str(actual) in value
    if op == "has":
        if isinstance(actual, (list, tuple, set)):
            return value in actual
        return actual is not None and value.lower() in str(actual).lower()
    if actual is None:
        return False
    if isinstance(actual, bool):
        actual = "true" if actual else "false"
    if isinstance(actual, int) and op in ("gt", "gte", "lt", "lte"):
        try:
            value = int(value)
        except ValueError:
            raise bad_request("The filter value '%s' is not a number." % value, code="400065")
        return {"gt": actual > value, "gte": actual >= value, "lt": actual < value, "lte": actual <= value}[op]
    actual = str(actual)
    if op == "eq":
        return actual == value
    if op == "cieq":
        return actual.lower() == value.lower()
    return {"gt": actual > value, "gte": actual >= value, "lt": actual < value, "lte": actual <= value}[op]


def apply_filter(items, conditions, fields):
    for field, op, value in conditions:
        getter = fields[field]
        items = [item for item in items if _compare(getter(item), op, value)]
    return items


def apply_sort(items, expression, fields):
    if not expression:
        return items
    for part in reversed(_split_top_level(expression)):
        field, dummy, direction = part.partition(":")
        if field not in fields:
            raise bad_request("The sort field '%s' is not supported for this resource." % field, code="400065")
        if direction not in ("asc", "desc", ""):
            raise bad_request("The sort direction '%s' is not valid." % direction, code="400065")
        getter = fields[field]
        items = sorted(items, key=lambda item: str(getter(item) or "").lower(), reverse=direction == "desc")
    return items


def paginate(items, query):
    """One page of ``items`` and the pagination attributes, or the real server's 400s."""
    try:
        page_size = int(query.get("pageSize", DEFAULT_PAGE_SIZE))
        page_number = int(query.get("pageNumber", 1))
    except ValueError:
        raise bad_request("The page size and page number must be integers.", code="400006")
    if page_size < 1 or page_size > MAX_PAGE_SIZE:
        if page_size > MAX_PAGE_SIZE:
            raise ApiError(403, "403014", "Page size limit exceeded",
                           "The page size parameter exceeds the system-wide upper limit of %d." % MAX_PAGE_SIZE)
        raise ApiError(400, "400007", "Bad Request", "The page size must be a positive integer.")
    total = len(items)
    if page_number < 1 or (page_number - 1) * page_size >= max(total, 1) and page_number > 1:
        raise ApiError(400, "400006", "Bad Request",
                       "Invalid page number '%d'. There are only %d items." % (page_number, total))
    start = (page_number - 1) * page_size
    page = items[start:start + page_size]
    return page, {"pageNumber": page_number, "pageSize": page_size, "totalAvailable": total}


def list_response(items, query, fields, sort_fields=None):
    conditions = parse_filter(query.get("filter"), fields)
    items = apply_filter(items, conditions, fields)
    items = apply_sort(items, query.get("sort"), sort_fields or fields)
    return paginate(items, query)
