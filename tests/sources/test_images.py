"""image_info's parsing of Commons-style extmetadata, and safe_text.

The local MediaWiki has no CommonsMetadata extension, so licence fields are tested here with a
MockTransport answering in the shape Commons uses (prop=imageinfo, formatversion=2). The answer
below was written for this test; names, URLs and descriptions are invented.
"""

from __future__ import annotations

import httpx
import pytest

from frontlines.sources.api import MediaWikiClient
from frontlines.sources.images import safe_text

COMMONS_ANSWER = {
    "batchcomplete": True,
    "query": {
        "normalized": [
            {
                "fromencoded": False,
                "from": "File:Fort_Keel_1890.jpg",
                "to": "File:Fort Keel 1890.jpg",
            }
        ],  # fmt: skip
        "redirects": [{"from": "File:Old name.jpg", "to": "File:Harbour chain.png"}],
        "pages": [
            {
                "ns": 6,
                "title": "File:Absent.jpg",
                "missing": True,
                "known": False,
                "imagerepository": "",
            },  # fmt: skip
            {
                "ns": 6,
                "title": "File:Fort Keel 1890.jpg",
                "missing": True,
                "known": True,
                "imagerepository": "shared",
                "imageinfo": [
                    {
                        "size": 51234,
                        "width": 800,
                        "height": 533,
                        "url": "https://upload.example.org/a/ab/Fort_Keel_1890.jpg",
                        "descriptionurl": "https://commons.example.org/wiki/File:Fort_Keel_1890.jpg",
                        "sha1": "7d5c0f1b6e8a9c3d2f4e6a8b0c1d3e5f7a9b1c2d",
                        "extmetadata": {
                            "LicenseShortName": {"value": "CC BY-SA 4.0", "source": "commons"},
                            "LicenseUrl": {
                                "value": "https://creativecommons.org/licenses/by-sa/4.0",
                                "source": "commons-desc-page",
                            },
                            "Artist": {
                                "value": '<a href="//commons.example.org/wiki/User:Ink" '
                                'title="User:Ink">Ink &amp; Quill</a>',
                                "source": "commons-desc-page",
                            },
                            "Credit": {
                                "value": '<span class="int-own-work">Own work</span>'
                                "<script>alert('x')</script>",
                                "source": "commons-desc-page",
                            },
                            "AttributionRequired": {"value": "true", "source": "commons"},
                            "ImageDescription": {
                                "value": '<div class="description">The fort&#160;from the '
                                "<b>north</b> shore,<br/>about 1890 &lt;i&gt;(restored)"
                                "&lt;/i&gt;</div>",
                                "source": "commons-desc-page",
                            },
                        },
                    }
                ],
            },
            {
                "ns": 6,
                "title": "File:Harbour chain.png",
                "imagerepository": "shared",
                "imageinfo": [
                    {
                        "width": 40,
                        "height": 30,
                        "url": "https://upload.example.org/c/cd/Harbour_chain.png",
                        "descriptionurl": "https://commons.example.org/wiki/File:Harbour_chain.png",
                        "sha1": "1111111111111111111111111111111111111111",
                        "extmetadata": {
                            "LicenseShortName": {"value": "Public domain"},
                            "AttributionRequired": {"value": "false"},
                            "LicenseUrl": {"value": "javascript:alert(1)"},
                        },
                    }
                ],
            },
        ],
    },
}


def test_image_info_reads_licence_fields_as_safe_text():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=COMMONS_ANSWER)

    asked = ["File:Fort_Keel_1890.jpg", "Old name.jpg", "Absent.jpg"]
    with MediaWikiClient(
        "https://commons.example.org/w/api.php",
        user_agent="FrontLinesTests/0.1 (tests@example.org)",
        transport=httpx.MockTransport(handler),
    ) as client:
        found = client.image_info(asked)

    params = seen[0].url.params
    assert params["prop"] == "imageinfo" and params["iiprop"] == "url|size|sha1|extmetadata"
    assert params["titles"] == "File:Fort_Keel_1890.jpg|File:Old name.jpg|File:Absent.jpg"
    assert set(found) == {"File:Fort_Keel_1890.jpg", "Old name.jpg"}

    fort = found["File:Fort_Keel_1890.jpg"]
    assert fort.file == "Fort Keel 1890.jpg"
    assert (fort.width, fort.height) == (800, 533)
    assert fort.licence == "CC BY-SA 4.0"
    assert fort.licence_url == "https://creativecommons.org/licenses/by-sa/4.0"
    assert fort.artist == "Ink & Quill"
    assert fort.credit == "Own work"
    assert fort.attribution_required is True
    # the no-break space is whitespace too: collapsed to one plain space
    assert fort.description == "The fort from the north shore, about 1890 (restored)"
    assert fort.description_url == "https://commons.example.org/wiki/File:Fort_Keel_1890.jpg"

    chain = found["Old name.jpg"]
    assert chain.file == "Harbour chain.png"
    assert chain.licence == "Public domain" and chain.attribution_required is False
    assert chain.licence_url is None  # not an http(s) URL
    assert chain.artist is None and chain.description is None


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<a href="https://x.org/User:A">Anna</a> and <i>Bo</i>', "Anna and Bo"),
        ("Tom &amp; Jerry &eacute;t&#233; &#x263A;", "Tom & Jerry été ☺"),
        ("<style>p{color:red}</style>Kept<script>steal()</script>", "Kept"),
        ("Line<br>break<p>para</p>", "Line break para"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Safe", "Safe"),  # encoded tags stripped too
        ("&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;", "bold"),
        ("&amp;amp;lt;&amp;amp;lt;&amp;amp;lt;img src=x&amp;amp;gt;", "<<‹img src=x>"),
        ("a < b and c > d", "a < b and c > d"),
        ("   ", None),
        (None, None),
    ],
)
def test_safe_text(html, text):
    assert safe_text(html) == text
