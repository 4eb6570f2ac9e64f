"""Loading and saving needs and proposals: errors with lines, limits, round trips, atomicity."""

from __future__ import annotations

import json
import os
import shutil
import stat
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from tests import strategies
from vendoreval.datasets import load_sample
from vendoreval.errors import InputFileError, WriteError
from vendoreval.io import (
    atomic_write,
    atomic_write_text,
    dump_needs,
    dump_proposal,
    dump_proposals,
    load_needs,
    load_price_sheet,
    load_proposal,
    load_proposals,
    parse_document,
    read_mapping,
    vendor_file_name,
)
from vendoreval.io.documents import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_NUMBER,
    dump_text,
    format_path,
    to_plain,
)
from vendoreval.needs import Needs
from vendoreval.proposal import VendorProposal
from vendoreval.vocabulary import Channel

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[1] / "src" / "vendoreval" / "datasets" / "sample"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder for hypothesis examples (function-scoped tmp_path does not suit @given).

    Any error other than InputFileError raised by a loader fails the robustness tests.
    """
    folder = tmp_path_factory.mktemp("io")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- loading ---------------------------------------------------------------------------------


def test_load_sample_files() -> None:
    needs = load_needs(SAMPLE / "needs.yaml")
    assert needs.buyer == "Hanbit Mall"
    proposals = load_proposals(SAMPLE / "vendors")
    assert [p.name for p in proposals] == sorted(p.name for p in proposals)
    assert len(proposals) == 5


def test_load_json_needs() -> None:
    needs = load_needs(DATA / "needs_small.json")
    assert needs.contract.budget_per_month == Decimal(380_000_000)
    assert needs.channel("phone").service_level is not None


def test_errors_name_file_line_and_field_path() -> None:
    with pytest.raises(InputFileError) as caught:
        load_needs(DATA / "needs_bad.yaml")
    message = str(caught.value)
    assert message.startswith(f"{DATA / 'needs_bad.yaml'}: not a valid Needs (4 problems):")
    assert (
        "line 8, channels[0].volume_per_month: Input should be greater than or equal to 0 "
        "(got -5)" in message
    )
    assert (
        "line 11, channels[1].volum_per_month: unknown field 'volum_per_month' (did you mean "
        "'volume_per_month'?); expected one of: channel, volume_per_month," in message
    )
    assert (
        "line 10, channels[1].volume_per_month: required field 'volume_per_month' is missing"
        in message
    )
    assert "line 13, channels[2].talk_seconds: required field 'talk_seconds' is missing" in message
    assert isinstance(caught.value, ValueError)
    assert caught.value.__cause__ is not None


def test_json_errors_have_lines_too(tmp_path: Path) -> None:
    data = json.loads((DATA / "needs_small.json").read_text())
    data["channels"][1]["talk_seconds"] = "300"
    path = write(tmp_path, "needs.json", json.dumps(data, indent=2))
    with pytest.raises(InputFileError) as caught:
        load_needs(path)
    line = json.dumps(data, indent=2).splitlines().index('      "talk_seconds": "300"') + 1
    assert f"line {line}, channels[1].talk_seconds: Input should be a valid number" in str(
        caught.value
    )


def test_union_errors_are_reported_once(tmp_path: Path) -> None:
    text = (SAMPLE / "needs.yaml").read_text().replace("share: 0.90", 'share: "0.90"')
    with pytest.raises(InputFileError) as caught:
        load_needs(write(tmp_path, "needs.yaml", text))
    message = str(caught.value)
    assert "(1 problem)" in message
    assert "languages[0].share: Input should be a valid number (got '0.90')" in message


def test_model_level_errors_point_at_the_object(tmp_path: Path) -> None:
    text = (SAMPLE / "needs.yaml").read_text().replace("share: 0.05", "share: 0.5")
    with pytest.raises(InputFileError, match=r"line \d+, \(top level\): language shares must sum"):
        load_needs(write(tmp_path, "needs.yaml", text))


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "needs.yaml", "buyer: Hanbit\nchannels: [phone\nhours: x\n")
    with pytest.raises(InputFileError, match=r"needs\.yaml, line 3, column \d+: "):
        load_needs(path)


def test_json_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "needs.json", '{\n  "buyer": "Hanbit",\n  "industry" "x"\n}')
    with pytest.raises(InputFileError, match=r"needs\.json, line 3, column 14: not valid JSON"):
        load_needs(path)


def test_yaml_1_2_scalars() -> None:
    proposals = load_proposals(DATA / "proposals_list.yaml")
    beta = proposals[1]
    assert beta.location is not None
    assert beta.location.sites[0].country == "NO"  # Norway, not False
    assert beta.sheet.premiums is not None
    after_hours = beta.sheet.premiums.after_hours
    assert after_hours is not None
    assert (after_hours.start, after_hours.end) == ("22:00", "08:00")  # not 1320 minutes
    document = parse_document("a: 010\nb: 0o10\nc: 0x10\nd: 1_000\ne: 1e3\nf: off\n", "t", "yaml")
    assert document.data == {"a": 10, "b": 8, "c": 16, "d": 1000, "e": 1000.0, "f": "off"}


def test_aliases_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    with pytest.raises(InputFileError, match=r"line 2, column \d+: YAML aliases \(\*a\)"):
        load_needs(write(tmp_path, "bomb.yaml", bomb))


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(InputFileError, match="nested more than 64 levels"):
        load_needs(write(tmp_path, "deep.yaml", deep))
    with pytest.raises(InputFileError, match="nested too deeply"):
        load_needs(write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000))


def test_json_has_the_yaml_limits(tmp_path: Path) -> None:
    deep = '{"buyer":\n' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}"
    with pytest.raises(InputFileError, match=r"deep\.json, line 2: nested more than 64 levels"):
        load_needs(write(tmp_path, "deep.json", deep))
    many = "[" + "0," * MAX_NODES + "0]"
    with pytest.raises(InputFileError, match="too many values"):
        load_proposals(write(tmp_path, "many.json", many))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("buyer: .nan\n", "line 1, buyer: nan is not a finite number"),
        ("a: 1\nbuyer: -.inf\n", "line 2, buyer: -inf is not a finite number"),
        ("buyer: 1.0e16\n", "line 1, buyer: the number 1e+16 is too large"),
        ("buyer: -10000000000000001\n", "the number -10000000000000001 is too large"),
        ('{"buyer": NaN}', "line 1, buyer: nan is not a finite number"),
        ('{"buyer": [1, Infinity]}', "line 1, buyer[1]: inf is not a finite number"),
        ('{"buyer": 1e999}', "buyer: inf is not a finite number"),
        ('{"buyer": ' + "9" * 5000 + "}", "(5000 digits) is too large"),
    ],
)
def test_numbers_out_of_range_are_refused_at_their_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    name = "n.json" if text.startswith("{") else "n.yaml"
    path = write(tmp_path, name, text)
    with pytest.raises(InputFileError) as caught:
        load_needs(path)
    assert str(caught.value).startswith(f"{path}: numbers out of range")
    assert expected in str(caught.value)


def test_the_largest_number_is_read() -> None:
    document = parse_document(f"a: {MAX_NUMBER}\nb: -1.0e15\nc: 1.0e-300", "x.yaml", "yaml")
    assert document.data == {"a": MAX_NUMBER, "b": -1e15, "c": 1e-300}


def test_a_validator_failing_oddly_is_our_error_naming_the_file(tmp_path: Path) -> None:
    """A validator raising what pydantic does not wrap still reports the file."""
    from pydantic import field_validator

    from vendoreval._model import Model
    from vendoreval.io.documents import read_document, validate

    class Odd(Model):
        x: int

        @field_validator("x")
        @classmethod
        def _overflow(cls, value: int) -> int:
            raise OverflowError("too big to price")

    document = read_document(write(tmp_path, "odd.yaml", "x: 1\n"))
    with pytest.raises(
        InputFileError, match=r"odd\.yaml, line 1: not a valid Odd: .*OverflowError"
    ):
        validate(document, Odd)


def test_large_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputFileError, match="larger than 10 MiB"):
        load_needs(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("dup.yaml", "buyer: a\nindustry: b\nbuyer: c\n"),
        ("dup.json", '{"buyer": "a",\n "industry": "b",\n "buyer": "c"}'),
    ],
)
def test_duplicate_keys_are_refused(tmp_path: Path, name: str, text: str) -> None:
    with pytest.raises(InputFileError, match=r"line 3: key 'buyer' appears twice .*line 1"):
        load_needs(write(tmp_path, name, text))


def test_unsafe_tags_are_refused(tmp_path: Path) -> None:
    text = "buyer: !!python/object/apply:os.system [echo hacked]\n"
    with pytest.raises(InputFileError, match="could not determine a constructor"):
        load_needs(write(tmp_path, "evil.yaml", text))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("needs.txt", b"buyer: x", "ending in .yaml, .yml or .json"),
        ("empty.yaml", b"", "empty"),
        ("latin1.yaml", b"buyer: x\nindustry: caf\xe9\n", r"line 2: the file is not UTF-8"),
        ("list.yaml", b"- a\n- b\n", "valid dictionary"),
        ("two.yaml", b"a: 1\n---\nb: 2\n", "single document"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        load_needs(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        load_needs(tmp_path / "absent.yaml")
    with pytest.raises(InputFileError, match="vendors: no such file or folder"):
        load_proposals(tmp_path / "vendors")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(InputFileError, match="is a folder"):
        load_needs(folder)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "needs.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (SAMPLE / "needs.yaml").read_bytes())
    assert load_needs(path) == load_needs(SAMPLE / "needs.yaml")


def test_load_proposals_from_a_list_file() -> None:
    proposals = load_proposals(DATA / "proposals_list.yaml")
    assert [p.name for p in proposals] == ["Alpha Contact", "Beta Contact"]
    with pytest.raises(InputFileError, match="holds a list of 2 proposals"):
        load_proposal(DATA / "proposals_list.yaml")


def test_list_file_errors_name_the_item(tmp_path: Path) -> None:
    text = (DATA / "proposals_list.yaml").read_text().replace("840", "-840")
    with pytest.raises(InputFileError) as caught:
        load_proposals(write(tmp_path, "list.yaml", text))
    assert (
        "line 13, [1].pricing.sheet.voice_rate_per_minute: Input should be greater than or "
        "equal to 0" in str(caught.value)
    )


def test_folder_is_read_in_file_name_order(tmp_path: Path) -> None:
    sample = load_sample()[1]
    for index, proposal in zip((3, 1, 2, 5, 4), sample, strict=True):
        dump_proposal(proposal, tmp_path / f"{index:02d}.yaml")
    write(tmp_path, ".hidden.yaml", "not: a proposal")
    write(tmp_path, "notes.txt", "ignored")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "x.yaml", "ignored: too")
    names = [p.name for p in load_proposals(tmp_path)]
    assert names == [sample[i].name for i in (1, 2, 0, 4, 3)]


def test_duplicate_vendor_names_name_both_files(tmp_path: Path) -> None:
    proposal = load_sample()[1][0]
    dump_proposal(proposal, tmp_path / "a.yaml")
    dump_proposal(proposal, tmp_path / "b.json")
    with pytest.raises(InputFileError) as caught:
        load_proposals(tmp_path)
    message = str(caught.value)
    assert f"vendor name {proposal.name!r} is used twice" in message
    assert str(tmp_path / "a.yaml") in message
    assert str(tmp_path / "b.json") in message


def test_duplicate_vendor_names_within_a_list(tmp_path: Path) -> None:
    text = (DATA / "proposals_list.yaml").read_text().replace("Beta Contact", "Alpha Contact")
    with pytest.raises(InputFileError, match=r"list\.yaml, line 2, \[0\] and in .*line 5, \[1\]"):
        load_proposals(write(tmp_path, "list.yaml", text))


def test_empty_folder_and_empty_list(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no proposal files"):
        load_proposals(tmp_path)
    with pytest.raises(InputFileError, match="list of proposals is empty"):
        load_proposals(write(tmp_path, "empty.yaml", "[]\n"))


def test_read_mapping(tmp_path: Path) -> None:
    assert read_mapping(SAMPLE / "needs.yaml")["buyer"] == "Hanbit Mall"
    with pytest.raises(InputFileError, match=r"expected a mapping .* found a list"):
        read_mapping(DATA / "proposals_list.yaml")
    with pytest.raises(InputFileError, match="found a single value"):
        read_mapping(write(tmp_path, "x.json", "3"))


def test_load_price_sheet_from_any_level(tmp_path: Path) -> None:
    proposal = load_sample()[1][0]
    whole = dump_proposal(proposal, tmp_path / "proposal.yaml")
    assert load_price_sheet(whole) == proposal.sheet
    answer = write(tmp_path, "answer.yaml", dump_text(proposal.pricing.model_dump(), "yaml"))
    assert load_price_sheet(answer) == proposal.sheet
    bare = write(tmp_path, "sheet.json", dump_text(proposal.sheet.model_dump(), "json"))
    assert load_price_sheet(bare) == proposal.sheet
    broken = write(tmp_path, "bad.yaml", "currency: KRW\nbilling_increment: 0/6\n")
    with pytest.raises(InputFileError, match=r"line 2, billing_increment: billing increment"):
        load_price_sheet(broken)


# ---- saving and round trips ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_sample_round_trips(tmp_path: Path, suffix: str) -> None:
    needs, proposals = load_sample()
    assert load_needs(dump_needs(needs, tmp_path / f"needs{suffix}")) == needs
    for proposal in proposals:
        assert load_proposal(dump_proposal(proposal, tmp_path / f"p{suffix}")) == proposal
    assert load_proposals(dump_proposals(proposals, tmp_path / f"all{suffix}")[0]) == proposals


def test_dumps_are_plain_yaml_for_any_yaml_reader(tmp_path: Path) -> None:
    needs, proposals = load_sample()
    text = dump_needs(needs, tmp_path / "needs.yaml").read_text(encoding="utf-8")
    assert Needs.model_validate(yaml.safe_load(text)) == needs
    text = dump_proposal(proposals[0], tmp_path / "p.yaml").read_text(encoding="utf-8")
    assert VendorProposal.model_validate(yaml.safe_load(text)) == proposals[0]


def test_money_is_never_a_binary_float() -> None:
    plain = to_plain({"a": Decimal("650"), "b": Decimal("0.1"), "c": Decimal("1E+3")})
    assert plain == {"a": 650, "b": "0.1", "c": 1000}
    assert dump_text(plain, "yaml") == "a: 650\nb: '0.1'\nc: 1000\n"
    assert json.loads(dump_text(plain, "json")) == {"a": 650, "b": "0.1", "c": 1000}
    huge = to_plain(Decimal("1E+40"))
    assert huge == "1E+40"


def test_dump_leaves_out_unset_optional_fields(tmp_path: Path) -> None:
    needs = load_sample()[0]
    data = yaml.safe_load(dump_needs(needs, tmp_path / "n.yaml").read_text(encoding="utf-8"))
    assert "patience_seconds" not in data["channels"][2]  # email has no live queue
    # the sample's phone arrivals are 168 hourly shares: the unset profile is left out
    assert set(data["channels"][0]["arrival"]) == {"hourly_shares"}
    assert data["contract"]["budget_per_month"] == 400_000_000


def test_dump_folder_one_file_per_vendor(tmp_path: Path) -> None:
    _, proposals = load_sample()
    written = dump_proposals(proposals, tmp_path / "vendors")
    assert [p.name for p in written] == [vendor_file_name(p.name) for p in proposals]
    assert all(path.parent == tmp_path / "vendors" for path in written)
    assert load_proposals(tmp_path / "vendors") == sorted(proposals, key=lambda p: p.name)
    written = dump_proposals(proposals, tmp_path / "vendors-json", fmt="json")
    assert all(path.suffix == ".json" for path in written)
    assert load_proposals(tmp_path / "vendors-json") == sorted(proposals, key=lambda p: p.name)


def test_dump_folder_keeps_colliding_names_apart(tmp_path: Path) -> None:
    base = load_sample()[1][0]
    twins = [base.model_copy(update={"name": name}) for name in ("A/B", "A B", "a b")]
    written = dump_proposals(twins, tmp_path)
    assert [p.name for p in written] == ["A-B.yaml", "A-B-2.yaml", "a-b-3.yaml"]
    assert {p.name for p in load_proposals(tmp_path)} == {"A/B", "A B", "a b"}


def test_dump_refuses_duplicate_names_and_unknown_suffixes(tmp_path: Path) -> None:
    needs, proposals = load_sample()
    with pytest.raises(ValueError, match="vendor names must be unique"):
        dump_proposals([proposals[0], proposals[0]], tmp_path)
    with pytest.raises(ValueError, match=r"\.yaml, \.yml or \.json"):
        dump_needs(needs, tmp_path / "needs.toml")
    with pytest.raises(WriteError, match="cannot create the folder"):
        dump_proposals(proposals, tmp_path / "missing" / "vendors")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Seoul Contact Partners", "Seoul-Contact-Partners.yaml"),
        ("../../etc/passwd", "etc-passwd.yaml"),
        (".hidden", "hidden.yaml"),
        ("CON", "CON_.yaml"),
        ("nul.txt", "nul.txt_.yaml"),
        ("///", "vendor.yaml"),
        ("한빛 상담", "한빛-상담.yaml"),
        ("Ｆｕｌｌ", "Full.yaml"),
        ("a" * 200, "a" * 80 + ".yaml"),
    ],
)
def test_vendor_file_names(name: str, expected: str) -> None:
    assert vendor_file_name(name) == expected


@given(strategies.names)
def test_vendor_file_names_are_safe(name: str) -> None:
    file_name = vendor_file_name(name, ".json")
    assert file_name.endswith(".json")
    stem = file_name[: -len(".json")]
    assert stem
    assert not stem.startswith(".")
    assert "/" not in stem
    assert "\\" not in stem
    assert "\x00" not in stem
    assert len(stem) <= 81


@given(strategies.needs(), st.sampled_from([".yaml", ".json"]))
def test_needs_file_round_trip(scratch: Path, needs: Needs, suffix: str) -> None:
    assert load_needs(dump_needs(needs, scratch / f"needs{suffix}")) == needs


@given(strategies.proposals(), st.sampled_from([".yaml", ".json"]))
def test_proposal_file_round_trip(scratch: Path, proposal: VendorProposal, suffix: str) -> None:
    assert load_proposal(dump_proposal(proposal, scratch / f"proposal{suffix}")) == proposal


@given(st.lists(strategies.names, min_size=1, max_size=4, unique=True))
def test_proposal_folder_round_trip(scratch: Path, vendor_names: list[str]) -> None:
    """Any set of distinct vendor names survives a folder dump, colliding file names or not."""
    folder = scratch / "folder"
    shutil.rmtree(folder, ignore_errors=True)
    base = VendorProposal.model_validate(
        {
            "name": "x",
            "pricing": {
                "sheet": {"currency": "KRW", "billing_increment": "1/1", "voice_rate_per_minute": 1}
            },
        }
    )
    proposals = [base.model_copy(update={"name": name}) for name in vendor_names]
    dump_proposals(proposals, folder)
    loaded = load_proposals(folder)
    assert sorted(loaded, key=lambda p: p.name) == sorted(proposals, key=lambda p: p.name)


# ---- robustness -------------------------------------------------------------------------------


def _refused_or_round_trips(path: Path, load: typing.Callable[[Path], Any]) -> None:
    """Loading ``path`` raises an InputFileError naming it, or what it loads round-trips.

    A round trip writes what was loaded with the matching dump function and loads it back:
    the result must be equal (and, for proposals, in the same order).
    """
    try:
        loaded = load(path)
    except InputFileError as exc:
        message = str(exc)
        assert message.startswith(str(path)), message
        assert message.strip() != str(path)
        return
    fmt = ".json" if path.suffix == ".json" else ".yaml"
    again = path.with_name(f"again{fmt}")
    if isinstance(loaded, Needs):
        assert load_needs(dump_needs(loaded, again)) == loaded
    elif isinstance(loaded, VendorProposal):
        assert load_proposal(dump_proposal(loaded, again)) == loaded
    else:
        assert isinstance(loaded, list)
        assert all(isinstance(item, VendorProposal) for item in loaded)
        assert load_proposals(dump_proposals(loaded, again)[0]) == loaded


@given(st.binary(max_size=200), st.sampled_from([".yaml", ".json"]))
def test_arbitrary_bytes_are_refused_naming_the_file_or_round_trip(
    scratch: Path, content: bytes, suffix: str
) -> None:
    path = scratch / f"random{suffix}"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        load_needs(path)  # no 200 bytes hold every required field of a Needs
    assert str(caught.value).startswith(str(path))
    _refused_or_round_trips(path, load_proposals)


_YAML_ALPHABET = st.sampled_from([*list("ab: -[]{},&*!|>'\"#%@`?\n\t0123456789.~"), "\u2028"])


@given(st.text(_YAML_ALPHABET, max_size=80), st.sampled_from([".yaml", ".json"]))
def test_arbitrary_text_is_refused_naming_the_file_or_round_trips(
    scratch: Path, text: str, suffix: str
) -> None:
    path = write(scratch, f"random{suffix}", text)
    for load in (load_needs, load_proposal, load_proposals):
        _refused_or_round_trips(path, load)


@given(st.data(), st.sampled_from(["yaml", "json"]))
def test_damaged_files_are_refused_naming_the_file_or_round_trip(
    scratch: Path, data: st.DataObject, fmt: str
) -> None:
    needs, proposals = load_sample()
    damaged_needs = data.draw(strategies.mutations(to_plain(needs.model_dump(exclude_none=True))))
    damaged_proposal = data.draw(
        strategies.mutations(
            to_plain(data.draw(st.sampled_from(proposals)).model_dump(exclude_none=True))
        )
    )
    fmt_ = typing.cast(typing.Literal["yaml", "json"], fmt)
    for damaged, load in ((damaged_needs, load_needs), (damaged_proposal, load_proposals)):
        path = write(scratch, f"damaged.{fmt}", dump_text(damaged, fmt_))
        _refused_or_round_trips(path, load)


def reachable_models(root: type[BaseModel]) -> set[type[BaseModel]]:
    """Every pydantic model reachable through the fields of ``root``."""
    found: set[type[BaseModel]] = set()
    todo: list[Any] = [root]
    while todo:
        annotation = todo.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.add(annotation)
                todo.extend(info.annotation for info in annotation.model_fields.values())
        else:
            todo.extend(typing.get_args(annotation))
    return found


def _nullable(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _nullable(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(annotation)
    return False


def test_nullable_fields_default_to_none() -> None:
    """Dumps leave out None values, which is lossless only while every nullable field of every
    model defaults to None."""
    models = reachable_models(Needs) | reachable_models(VendorProposal)
    assert len(models) > 20
    for model in models:
        for name, info in model.model_fields.items():
            if _nullable(info.annotation):
                assert info.default is None, f"{model.__name__}.{name}"


def test_format_path() -> None:
    assert format_path(("channels", 0, "volume_per_month")) == "channels[0].volume_per_month"
    assert format_path((1, "pricing", "sheet")) == "[1].pricing.sheet"
    assert format_path(("per_contact", "fax line")) == "per_contact['fax line']"
    assert format_path(()) == ""


def test_numpy_scalars_are_written_as_plain_numbers() -> None:
    import numpy as np

    plain = to_plain({"a": np.float64(1.5), "b": np.int64(3), "c": np.bool_(True)})
    assert plain == {"a": 1.5, "b": 3, "c": True}
    assert [type(v) for v in plain.values()] == [float, int, bool]


def test_enum_dict_keys_are_written_as_text() -> None:
    text = dump_text({Channel.PHONE: 1}, "yaml")
    assert text == "phone: 1\n"


# ---- atomic writes ----------------------------------------------------------------------------


def test_atomic_write_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    seen: list[Path] = []

    def writer(tmp: Path) -> None:
        seen.append(tmp)
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".")
        assert tmp.suffix == ".txt"
        assert target.read_text() == "old"
        tmp.write_text("new")

    assert atomic_write(target, writer) == target
    assert target.read_text() == "new"
    assert not seen[0].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_write_leaves_the_target_alone_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def failing(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        atomic_write(target, failing)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_write_turns_os_errors_into_write_errors(tmp_path: Path) -> None:
    def failing(tmp: Path) -> None:
        raise PermissionError(13, "Permission denied")

    with pytest.raises(WriteError, match=r"out\.txt'?: Permission denied") as caught:
        atomic_write(tmp_path / "out.txt", failing)
    assert isinstance(caught.value, OSError)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_names_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.txt"
    with pytest.raises(WriteError, match=r"the folder '.*missing' does not exist"):
        atomic_write_text(target, "x")
    with pytest.raises(WriteError, match="it is a folder"):
        atomic_write_text(tmp_path, "x")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_atomic_write_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = atomic_write_text(tmp_path / "fresh.txt", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_atomic_write_text_uses_utf8_and_unix_newlines(tmp_path: Path) -> None:
    path = atomic_write_text(tmp_path / "t.yaml", "한빛\nmall\n")
    assert path.read_bytes() == "한빛\nmall\n".encode()
