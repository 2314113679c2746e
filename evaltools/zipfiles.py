"""Zip packages (.docx, .xlsx) made byte-identical for the same input."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

__all__ = ["fixed_zip"]

#: members already compressed
_COMPRESSED = (".png", ".jpg", ".jpeg")


def fixed_zip(data: bytes, day: dt.date) -> bytes:
    """The same zip (a .docx or .xlsx) with every member stamped ``day``, and the document's own
    modification time too: byte-identical output for the same input, whatever the clock says."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            # a picture is compressed already: stored as it is (deflating it again gains nothing)
            info.compress_type = zipfile.ZIP_STORED if item.filename.lower().endswith(_COMPRESSED) else \
                zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + f"{day.isoformat()}T00:00:00Z".encode() + rb"\g<2>", content)
            target.writestr(info, content)
    return out.getvalue()
