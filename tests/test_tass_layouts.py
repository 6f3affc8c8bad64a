"""The All news layout: a title above a sub-headline, a person line and a photo caption."""

from __future__ import annotations

import pytest

from tassanalysis.ingest.tass_text import parse_tass_text

TITLE = "Putin signs law on the federal budget"
LEAD = "The president signed the federal budget law for the next three years"
BODY = "MOSCOW, December 26. /TASS/. Putin signed the law, the Kremlin said.\nMore text here."


@pytest.mark.parametrize("middle", [
    ["© Gavriil Grigorov/POOL/TASS"],
    ["Vladimir Putin", "© Gavriil Grigorov/POOL/TASS", "December 26 2024, 20:13"],
    ["December 26 2024, 20:13", "© Gavriil Grigorov/POOL/TASS"],
])
def test_title_and_lead_above_caption_lines(middle):
    page = "\n".join(["All news", TITLE, LEAD, *middle, BODY, "Tags", "Politics"])
    rec = parse_tass_text(page, year=2024)
    assert rec["title"] == TITLE
    assert rec["lead"] == LEAD
    assert rec["published_at"].date().isoformat() == "2024-12-26"
