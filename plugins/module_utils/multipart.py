# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The body format of Tableau's publish and file-upload requests: multipart/mixed, streamed from disk.

A publish carries a ``request_payload`` part (the XML) and, below the single-request limit, a file part;
a file upload session append carries an empty ``request_payload`` and one slice of the file. Bodies are
read piece by piece, so memory stays flat whatever the file size (TSC builds the whole body in memory).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import uuid

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError


def payload_part(data):
    """The ``request_payload`` part: the request's XML (empty for an upload session append)."""
    return {"name": "request_payload", "content_type": "text/xml", "data": data}


def file_part(name, path, filename, offset=0, length=None):
    """A part streamed from ``path``: the whole file, or ``length`` bytes from ``offset``."""
    return {"name": name, "filename": filename, "path": path, "offset": offset, "length": length}


class MultipartBody(object):
    """A multipart/mixed body that is read piece by piece; file parts are streamed from disk.

    ``parts`` are dicts: ``name``, ``content_type``, and either ``data`` (bytes) or ``path`` with
    optional ``offset`` and ``length`` (a slice of the file), plus an optional ``filename``.
    ``len()`` is the exact size, so the request carries a Content-Length; ``seek(0)`` rewinds it
    for a retry.
    """

    def __init__(self, parts, boundary=None):
        self.boundary = boundary or uuid.uuid4().hex
        self._segments = []
        for part in parts:
            disposition = 'name="%s"' % part["name"]
            if part.get("filename") is not None:
                disposition += '; filename="%s"' % part["filename"].replace('"', "")
            head = "--%s\r\nContent-Disposition: %s\r\nContent-Type: %s\r\n\r\n" % (
                self.boundary, disposition, part.get("content_type") or "application/octet-stream")
            self._segments.append(head.encode("utf-8"))
            if part.get("path") is not None:
                offset = part.get("offset") or 0
                length = part.get("length")
                if length is None:
                    length = os.path.getsize(part["path"]) - offset
                self._segments.append((part["path"], offset, length))
            else:
                self._segments.append(part.get("data") or b"")
            self._segments.append(b"\r\n")
        self._segments.append(("--%s--\r\n" % self.boundary).encode("utf-8"))
        self._sizes = [len(s) if isinstance(s, bytes) else s[2] for s in self._segments]
        self._length = sum(self._sizes)
        self._position = 0
        self._handle = None
        self._handle_path = None

    @property
    def content_type(self):
        return "multipart/mixed; boundary=%s" % self.boundary

    def __len__(self):
        return self._length

    def tell(self):
        return self._position

    def seek(self, offset, whence=0):
        if whence == 1:
            offset += self._position
        elif whence == 2:
            offset += self._length
        self._position = max(0, min(offset, self._length))
        return self._position

    def read(self, size=-1):
        if size is None or size < 0:
            size = self._length - self._position
        out = []
        while size > 0 and self._position < self._length:
            index, start = self._locate(self._position)
            segment = self._segments[index]
            take = min(size, self._sizes[index] - start)
            if isinstance(segment, bytes):
                piece = segment[start:start + take]
            else:
                piece = self._read_file(segment[0], segment[1] + start, take)
            out.append(piece)
            self._position += len(piece)
            size -= len(piece)
        return b"".join(out)

    def _locate(self, position):
        for index, size in enumerate(self._sizes):
            if position < size:
                return index, position
            position -= size
        raise EOFError(position)

    def _read_file(self, path, offset, size):
        if self._handle_path != path:
            self.close()
            self._handle = open(path, "rb")
            self._handle_path = path
        self._handle.seek(offset)
        data = self._handle.read(size)
        if len(data) != size:
            raise TableauValidationError("The file '%s' changed size while it was being uploaded." % path)
        return data

    def close(self):
        if self._handle is not None:
            self._handle.close()
        self._handle = None
        self._handle_path = None
