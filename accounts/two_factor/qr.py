"""The setup page's QR code, drawn as SVG on the server (no script, no CDN)."""

from base64 import b64encode

import qrcode
from qrcode.image.svg import SvgPathImage


def svg_data_uri(text: str) -> str:
    """`text` as a QR code in an SVG image, as a data: URI for an <img> (the
    site's content policy allows data: images and no inline styles)."""
    image = qrcode.make(text, image_factory=SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode("ascii")
