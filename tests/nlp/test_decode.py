import codecs

import pytest

from nlp.decode import decode
from nlp.errors import ExtractionError


def test_utf8_with_and_without_bom():
    assert decode("Jos\u00e9 García\r\n".encode(), "a.txt") == "José García\n"
    assert decode(codecs.BOM_UTF8 + "Zoë".encode(), "a.txt") == "Zoë"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    assert decode(bom + "Tianlong Chen\nh-index73".encode(encoding), "u16.txt") == "Tianlong Chen\nh-index73"


def test_latin1_prose_is_accepted():
    assert decode("Caf\u00e9 na\u00efve r\u00e9sum\u00e9 text".encode("latin-1"), "l1.txt") == "Café naïve résumé text"


def test_empty_file_names_file_and_line():
    with pytest.raises(ExtractionError) as err:
        decode(b"  \n\n", "empty.txt")
    assert err.value.problem.file == "empty.txt"
    assert err.value.problem.kind == "empty-file"
    assert err.value.problem.line == 1


def test_binary_file_is_refused_with_the_line():
    with pytest.raises(ExtractionError) as err:
        decode(b"line one\nline two\n\x00\x01\x02\x89PNG", "img.bin")
    assert err.value.problem.kind == "binary-file"
    assert err.value.problem.line == 3
    assert "text document" in err.value.problem.expected


def test_undecodable_control_noise_is_binary():
    with pytest.raises(ExtractionError):
        decode(bytes(range(0x80, 0xA0)) * 20, "noise.dat")
