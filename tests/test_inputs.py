"""Inputs of every kind accounted for: unsupported formats named, gzip read."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import polars as pl
import pytest

import tassanalysis as ta
from tassanalysis.ingest import ingest
from tassanalysis.store import load_rejects

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_552685f68ac672a1.txt"
SGML = ('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS TOPICS="YES" NEWID="1">\n'
        "<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TEXT><TITLE>BAHIA COCOA REVIEW</TITLE>\n"
        "<BODY>Showers continued throughout the week in the Bahia cocoa zone.</BODY></TEXT>\n"
        "</REUTERS>\n")


def test_sgml_is_rejected_as_unsupported_naming_what_it_is(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "reut2-000.sgm").write_text(SGML)
    (src / "wire").write_text(SGML)  # no suffix: known by its content
    result = ingest([src], tmp_path / "corpus", progress=False)
    assert result.articles.height == 0
    reasons = ta.load_rejects(tmp_path / "corpus")["reason"].to_list()
    assert reasons == ['unsupported-format: SGML markup (<!DOCTYPE lewis SYSTEM "lewis.dtd">)'] * 2


def test_gzip_pages_and_tables_are_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / "page.txt.gz", "wb") as fh:
        fh.write(SEED.read_bytes())
    rows = [{"title": "A", "body": "Some text of the story.", "published_at": "2024-05-01",
             "url": "https://ex.org/world/1"}]
    with gzip.open(src / "rows.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows) + "\n")
    result = ingest([src], tmp_path / "corpus", progress=False)
    assert result.articles.height == 2
    origins = sorted(Path(o).name for o in result.articles["origin"])
    assert origins == ["page.txt.gz", "rows.jsonl.gz:line 1"] or \
        origins == ["page.txt.gz", "rows.jsonl.gz:1"]
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(SEED, plain / "page.txt")
    same = ingest([plain], None, progress=False)
    page = result.articles.filter(pl.col("origin").str.ends_with("page.txt.gz"))
    assert page["body"].to_list() == same.articles["body"].to_list()


# ----------------------------------------------------------------------------- attack list

def _page_gz(path: Path) -> bytes:
    data = gzip.compress(SEED.read_bytes())
    return data


def _attack_non_utf8_name(src: Path) -> None:
    with open(os.path.join(os.fsencode(src), b"caf\xe9-page.txt"), "wb") as fh:
        fh.write(SEED.read_bytes())


def _attack_symlink_loop(src: Path) -> None:
    os.symlink("loop1.txt", src / "loop1.txt")


def _attack_fifo(src: Path) -> None:
    os.mkfifo(src / "pipe.txt")


def _attack_dev_zero(src: Path) -> None:
    os.symlink("/dev/zero", src / "zero.csv")


def _attack_dangling(src: Path) -> None:
    os.symlink(src / "no-such-file.txt", src / "gone.txt")


def _attack_header_only(src: Path) -> None:
    (src / "header.csv").write_text("title,body,published_at,url\n")


def _attack_empty_json(src: Path) -> None:
    (src / "none.json").write_text("[]")


def _attack_not_gzip(src: Path) -> None:
    (src / "rows.csv.gz").write_text("title,body,published_at\nA,Text,2017-01-01\n")


def _attack_truncated_gz_table(src: Path) -> None:
    data = gzip.compress(b"title,body,published_at\n" + b"A,Some text,2017-01-01\n" * 5000)
    (src / "cut.csv.gz").write_bytes(data[: len(data) // 2])


def _attack_truncated_gz_page(src: Path) -> None:
    data = _page_gz(src)
    (src / "cut.txt.gz").write_bytes(data[: len(data) // 2])


def _attack_mode_000(src: Path) -> None:
    (src / "locked.csv").write_text("title,body,published_at\nA,Some text,2017-01-01\n")
    os.chmod(src / "locked.csv", 0)


def _attack_mode_000_page(src: Path) -> None:
    shutil.copy(SEED, src / "locked.txt")
    os.chmod(src / "locked.txt", 0)


def _attack_year_10000(src: Path) -> None:
    (src / "epoch.csv").write_text("title,body,published_at\nA,Some text,253402300800\n")


#: name → (how to make the input in a folder, the reject reason it must end as, records fed)
ATTACKS = {
    "non-UTF-8 file name": (_attack_non_utf8_name, "bad-file-name"),
    "self-looping symlink": (_attack_symlink_loop, "symlink-loop"),
    "FIFO": (_attack_fifo, "not-a-file: a FIFO"),
    "link to /dev/zero": (_attack_dev_zero, "not-a-file: a character device"),
    "dangling link": (_attack_dangling, "dangling-link"),
    "header-only CSV": (_attack_header_only, "empty"),
    "[] JSON": (_attack_empty_json, "empty"),
    "not-gzip .gz": (_attack_not_gzip, "bad-gzip"),
    "truncated .gz table": (_attack_truncated_gz_table, "bad-gzip"),
    "truncated .gz page": (_attack_truncated_gz_page, "bad-gzip"),
    "mode-000 table": (_attack_mode_000, "unreadable: Permission denied"),
    "mode-000 page": (_attack_mode_000_page, "unreadable: Permission denied"),
    "unix time 253402300800": (_attack_year_10000, "bad-date"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_every_bad_input_is_one_reject_and_every_record_is_accounted_for(tmp_path, attack,
                                                                         monkeypatch):
    make, reason = ATTACKS[attack]
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "good.txt")
    make(src)
    if attack.startswith("mode-000") and os.geteuid() == 0:  # root reads mode 000: refuse as the OS would
        real_open = open

        def refuse(file, *args, **kwargs):
            if str(file).endswith(("locked.csv", "locked.txt")):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", refuse)
    out = tmp_path / "corpus"
    result = ingest([src], out, progress=False)
    accounted = result.summary["accounted"]
    assert accounted["records_read"] == 2  # the good page and the bad input
    assert accounted["records_read"] == (accounted["articles"] + accounted["rejects"]
                                         + accounted["duplicates"])
    assert result.articles.height == 1  # the good page, whatever the other input did
    rejects = load_rejects(out)
    assert rejects.height == 1
    assert rejects["reason"][0].startswith(reason), rejects["reason"][0]
    assert "good.txt" not in rejects["origin"][0]
    # the run is repeatable: the second one reads nothing new and keeps the reject
    again = ingest([src], out, progress=False)
    assert load_rejects(out).height == 1
    assert again.articles.height == 1


def test_a_folder_that_cannot_be_listed_is_one_reject(tmp_path, monkeypatch):
    src = tmp_path / "in"
    (src / "closed").mkdir(parents=True)
    shutil.copy(SEED, src / "good.txt")
    real = os.scandir

    def refuse(path):  # mode 000, for a user who is not root
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = ingest([src], None, progress=False)
    assert result.articles.height == 1
    assert result.new_rejects.select("origin", "reason").rows() == [
        (str(src / "closed"), "unreadable-folder: Permission denied")]
    a = result.summary["accounted"]
    assert a["records_read"] == 2 == a["articles"] + a["rejects"] + a["duplicates"]
