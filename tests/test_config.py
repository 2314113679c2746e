"""insats.yaml -> InsatsConfig (contract section 3): every key, and a message naming the key for each
kind of mistake."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BASE_YAML, assert_key, make_config, write_file, write_insats, write_xlsx

from evaltools.config import (AttendanceGoal, CountGoal, OutcomeGoal, ShareGoal, load_config,
                              parse_period)
from evaltools.errors import ConfigError

HEAD = """\
insats: Testinsatsen
insatsperiod: {start: 2022-01-01, slut: 2024-12-31}
"""

# contract section 3, as written there
CONTRACT_EXAMPLE = """\
insats: Ung Framtid
samordningsforbund: Samordningsförbundet X
kommuner: [Tierp]
insatsperiod: {start: 2022-01-01, slut: 2024-12-31}
rapportperiod: 2024-H1
data:
  deltagare: data/deltagare.csv
  narvaro: data/narvaro.csv
  progression: data/progression.csv
  ekonomi: data/ekonomi.csv
  kartlaggning: data/kartlaggning.csv
aldersgrupper: [16-24, 25-29]
utfallskoder:
  steget_vidare: Fortsatt i Steget Vidare
mal:
  - namn: Arbete eller studier
    typ: utfall
    kategorier: [arbete, studier]
    namnare: avslutade
    malvarde: 0.5
  - namn: Närvaro
    typ: narvaro
    malvarde: 0.8
  - namn: Gemensam planering
    typ: andel
    kolumn: gemensam_planering
    malvarde: 0.9
  - namn: Nya arbetsträningsplatser
    typ: antal
    utfall: 40
    malvarde: 20
progression:
  instrument: SMAIL
  skala: [1, 10]
  hogre_ar_battre: true
sekretess:
  min_antal: 3
sprak: sv
"""
OTHER_TABLES = {"narvaro": "deltagar_id;datum;narvarande\n",
                "progression": "deltagar_id;datum;indikator;varde\n",
                "ekonomi": "period;beviljat;utfall\n", "kartlaggning": "deltagar_id;fraga;svar\n"}


def config_error(tmp_path, yaml_text: str, **files) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        make_config(tmp_path, yaml_text, **files)
    return info.value


# ------------------------------------------------------------------------------- a valid insats.yaml

def test_contract_example_parses(tmp_path):
    config = make_config(tmp_path, CONTRACT_EXAMPLE, **OTHER_TABLES)

    assert config.insats == "Ung Framtid"
    assert config.samordningsforbund == "Samordningsförbundet X"
    assert config.kommuner == ("Tierp",)
    assert config.insatsperiod.start == dt.date(2022, 1, 1)
    assert config.insatsperiod.slut == dt.date(2024, 12, 31)
    assert (config.period.start, config.period.slut) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert config.data == {t: (tmp_path / "data" / f"{t}.csv").resolve()
                           for t in ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning")}
    assert config.band_labels == ("16-24", "25-29")
    assert config.local_outcomes["steget_vidare"].etikett == "Fortsatt i Steget Vidare"
    assert [type(g) for g in config.goals] == [OutcomeGoal, AttendanceGoal, ShareGoal, CountGoal]
    assert config.goals[0].kategorier == ["arbete", "studier"]
    assert [g.malvarde for g in config.goals] == [0.5, 0.8, 0.9, 20]
    assert config.goals[3].utfall == 40
    assert config.progression.instrument == "SMAIL"
    assert config.progression.skala == (1, 10)
    assert config.progression.hogre_ar_battre is True
    assert config.min_count == 3
    assert config.language == "sv"


def test_defaults_of_optional_keys(tmp_path):
    config = make_config(tmp_path, HEAD + "rapportperiod: 2024\n")

    assert config.band_labels == ("-24", "25-29", "30-")
    assert config.min_count == 3
    assert config.language == "sv"
    assert config.goals == ()
    assert config.local_outcomes == {}
    assert config.progression is None
    assert config.kommuner == ()


@pytest.mark.parametrize(("written", "start", "slut"), [
    ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ("2024-H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
    ("2024-H2", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
    ("2024-T1", dt.date(2024, 1, 1), dt.date(2024, 4, 30)),
    ("2024-T2", dt.date(2024, 5, 1), dt.date(2024, 8, 31)),
    ("2024-T3", dt.date(2024, 9, 1), dt.date(2024, 12, 31)),
    ("2024-h2", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
    ("{start: 2024-02-01, slut: 2024-02-29}", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
])
def test_report_periods(tmp_path, written, start, slut):
    config = make_config(tmp_path, HEAD + f"rapportperiod: {written}\n")

    assert (config.period.start, config.period.slut) == (start, slut)


@pytest.mark.parametrize(("value", "label"), [
    (2024, "2024"), ("2024-h1", "2024-H1"), ("2024-T3", "2024-T3"),
    ({"start": "2024-01-01", "slut": "2024-08-31"}, "2024-01-01_2024-08-31"),
])
def test_period_label_names_the_output_folder(value, label):
    assert parse_period(value).label == label


@pytest.mark.parametrize("written", ["0.5", "'50 %'", "50%", "'50,0 %'"])
def test_malvarde_as_fraction_or_percent(tmp_path, written):
    config = make_config(tmp_path, BASE_YAML + f"mal:\n  - namn: Arbete\n    typ: utfall\n"
                                               f"    kategorier: [arbete]\n    malvarde: {written}\n")

    assert config.goals[0].malvarde == pytest.approx(0.5)


def test_goal_defaults_and_folding(tmp_path):
    config = make_config(tmp_path, BASE_YAML + """\
mal:
  - {namn: Arbete, typ: utfall, kategorier: [Arbete, Studier], malvarde: 0.5}
  - {namn: Plan, typ: andel, kolumn: Gemensam planering, malvarde: 0.9, namnare: alla}
""")

    assert config.goals[0].kategorier == ["arbete", "studier"]
    assert config.goals[0].namnare == "avslutade"
    assert config.goals[1].kolumn == "gemensam_planering"
    assert config.goals[1].namnare == "alla"


def test_age_bands_open_at_either_end(tmp_path):
    config = make_config(tmp_path, HEAD + "rapportperiod: 2024\naldersgrupper: ['-19', 20-24, 30-]\n")

    low, middle, high = config.age_bands
    assert (low.low, low.high, middle.low, middle.high, high.low, high.high) == (None, 19, 20, 24, 30, None)
    assert high.contains(64) and not middle.contains(25)


def test_local_outcome_codes_are_folded_and_grouped(tmp_path):
    config = make_config(tmp_path, BASE_YAML + """\
utfallskoder:
  Steget vidare: Fortsatt i Steget Vidare
  jobbspar: {etikett: Jobbspåret, sus_grupp: forvarvsarbete}
""")

    assert config.outcome_codes[-2:] == ("steget_vidare", "jobbspar")
    assert config.sus_group("steget_vidare") == "ovriga_avslutade"
    assert config.sus_group("jobbspar") == "forvarvsarbete"
    assert config.sus_group("arbete") == "forvarvsarbete"


def test_folder_instead_of_file(tmp_path):
    write_insats(tmp_path)

    assert load_config(tmp_path).path == (tmp_path / "insats.yaml").resolve()


def test_default_output_folder_is_named_after_the_period(tmp_path):
    config = make_config(tmp_path)

    assert config.default_output() == tmp_path.resolve() / "rapport" / "2024-H1"


# -------------------------------------------------------------------------------------- data files

def test_files_found_by_name_without_a_data_section(tmp_path):
    config = make_config(tmp_path, narvaro="deltagar_id;datum;narvarande\n")

    assert set(config.data) == {"deltagare", "narvaro"}


def test_deltagare_as_excel_found_by_name(tmp_path):
    write_xlsx(tmp_path / "data" / "deltagare.xlsx", {"Blad1": [["deltagar_id"]]})

    config = make_config(tmp_path, deltagare=None)

    assert config.data["deltagare"].name == "deltagare.xlsx"


def test_excel_unicode_text_export_found_by_name(tmp_path):
    """Excel saves "Unicode-text" as .txt."""
    config = make_config(tmp_path, deltagare=None, **{"data/deltagare.txt": b"\xff\xfe"})

    assert config.data["deltagare"].name == "deltagare.txt"


def test_a_data_section_names_exactly_the_tables_read(tmp_path):
    config = make_config(tmp_path, BASE_YAML + "data:\n  deltagare: data/deltagare.csv\n",
                         narvaro="deltagar_id;datum;narvarande\n")

    assert set(config.data) == {"deltagare"}


def test_data_paths_are_relative_to_insats_yaml(tmp_path):
    write_file(tmp_path / "gemensamt" / "personer.csv", "deltagar_id\n")

    config = make_config(tmp_path / "insats", BASE_YAML + "data: {deltagare: ../gemensamt/personer.csv}\n",
                         deltagare=None)

    assert config.data["deltagare"] == (tmp_path / "gemensamt" / "personer.csv").resolve()


def test_missing_deltagare_file(tmp_path):
    err = config_error(tmp_path, BASE_YAML, deltagare=None)

    assert_key(err, "data.deltagare")
    assert "obligatorisk" in str(err)


def test_data_path_that_does_not_exist(tmp_path):
    err = config_error(tmp_path, BASE_YAML + "data:\n  deltagare: data/deltagare.csv\n"
                                             "  narvaro: data/narvaro.csv\n")

    assert_key(err, "data.narvaro")
    assert "data/narvaro.csv finns inte" in str(err)


def test_data_path_that_is_a_folder(tmp_path):
    (tmp_path / "data" / "narvaro").mkdir(parents=True)

    err = config_error(tmp_path, BASE_YAML + "data: {deltagare: data/deltagare.csv, narvaro: data/narvaro}\n")

    assert_key(err, "data.narvaro")
    assert err.detail == "data/narvaro är en mapp, inte en fil; ange filen, t.ex. data/narvaro.csv"


def test_three_files_of_one_table(tmp_path):
    write_xlsx(tmp_path / "data" / "deltagare.xlsx", {"deltagare": [["deltagar_id"]]})
    write_file(tmp_path / "data" / "deltagare.txt", "deltagar_id\n")

    err = config_error(tmp_path, BASE_YAML)

    assert_key(err, "data.deltagare")
    assert err.detail == ("data/deltagare.csv och data/deltagare.xlsx och data/deltagare.txt finns; ange "
                          "vilken som gäller under data:")


def test_both_csv_and_xlsx_of_one_table(tmp_path):
    write_xlsx(tmp_path / "data" / "narvaro.xlsx", {"narvaro": [["deltagar_id", "datum", "narvarande"]]})

    err = config_error(tmp_path, BASE_YAML, narvaro="deltagar_id;datum;narvarande\n")

    assert_key(err, "data.narvaro")
    assert "data/narvaro.csv och data/narvaro.xlsx" in str(err)


def test_progression_data_needs_progression_settings(tmp_path):
    err = config_error(tmp_path, BASE_YAML, progression="deltagar_id;datum;indikator;varde\n")

    assert_key(err, "progression")
    assert "skala" in str(err)


def test_attendance_goal_needs_attendance_data(tmp_path):
    err = config_error(tmp_path, BASE_YAML + "mal:\n  - {namn: Närvaro, typ: narvaro, malvarde: 0.8}\n")

    assert_key(err, "mal[0].typ")
    assert "närvarofil" in str(err)


# ----------------------------------------------------------------------------- the file as a whole

def test_missing_insats_yaml(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "insats.yaml")

    assert str(info.value).startswith("insats.yaml: filen finns inte")


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("insats: X\ninsatsperiod: {start: 2022-01-01\nrapportperiod: 2024\n",
     "kan inte läsas på rad 3, kolumn 14: en { avslutas inte med } (eller ett kommatecken saknas) (det som "
     "inte avslutas börjar på rad 2)"),
    ("insats: X\nkommuner: [Tierp, Älvkarleby\nrapportperiod: 2024\n",
     "kan inte läsas på rad 3, kolumn 14: en [ avslutas inte med ] (eller ett kommatecken saknas) (det som "
     "inte avslutas börjar på rad 2)"),
    ("insats: Ung Framtid: steg 2\n",
     "kan inte läsas på rad 1, kolumn 20: ett kolon (:) står där det inte får stå; en text som innehåller "
     "': ' behöver citattecken, och varje nyckel sin egen rad"),
    ("insats: X\nsekretess:\n  min_antal: 3\n sprak: sv\n",
     "kan inte läsas på rad 4, kolumn 2: indraget stämmer inte: raden står på fel nivå jämfört med raderna "
     "före"),
    ("insats: X\nsekretess:\n\tmin_antal: 3\n",
     "kan inte läsas på rad 3, kolumn 1: tabbtecken får inte användas för indrag; använd mellanslag"),
    ('insats: "Ung Framtid\nrapportperiod: 2024\n',
     "kan inte läsas på rad 3, kolumn 1: ett citattecken avslutas aldrig (det som inte avslutas börjar på "
     "rad 1)"),
    ("insats: X\nrapportperiod: 2024\ninsats: Y\n",
     "kan inte läsas på rad 3, kolumn 1: nyckeln 'insats' står två gånger (första gången på rad 1); ta bort "
     "den ena"),
    ("insats: @X\n", "kan inte läsas på rad 1, kolumn 9: tecknet kan inte inleda ett värde; sätt värdet "
                      "inom citattecken"),
    ("insats: X\n---\ninsats: Y\n", "kan inte läsas på rad 2, kolumn 1: filen innehåller flera "
                                      "YAML-dokument (---); ta bort ---"),
    ("insats: !!python/object:os.system X\n", "kan inte läsas på rad 1, kolumn 9: okänd YAML-typ (!…); ta "
                                               "bort den"),
])
def test_yaml_syntax_error_in_swedish_with_line_and_column(tmp_path, yaml_text, message):
    err = config_error(tmp_path, yaml_text)

    assert str(err) == f"insats.yaml: {message}"


def test_empty_insats_yaml(tmp_path):
    err = config_error(tmp_path, "")

    assert str(err) == "insats.yaml: filen är tom; skriv minst insats:, insatsperiod: och rapportperiod:"


def test_folder_without_insats_yaml(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)

    assert str(info.value) == f"insats.yaml: mappen {tmp_path} innehåller ingen insats.yaml"


def test_insats_yaml_that_cannot_be_read(tmp_path, monkeypatch):
    """Simulated: the tests may run as root, who can read any file."""
    path = write_insats(tmp_path)

    def refuse(self: Path, *args, **kwargs) -> str:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(ConfigError) as info:
        load_config(path)

    assert str(info.value) == "insats.yaml: filen kan inte läsas: behörighet saknas"


def test_insats_yaml_that_is_binary(tmp_path):
    err = config_error(tmp_path, b"insats: X\n\x00\x01\x02")

    assert str(err) == ("insats.yaml: filen innehåller tecken som inte hör hemma i en textfil (är det rätt "
                        "fil?)")


def test_yaml_that_is_not_a_mapping(tmp_path):
    err = config_error(tmp_path, "- insats\n- rapportperiod\n")

    assert str(err).startswith("insats.yaml: ska vara en samling nycklar")


def test_yaml_not_saved_as_utf8(tmp_path):
    text = HEAD + "rapportperiod: 2024\nsamordningsforbund: Förbundet\n"

    err = config_error(tmp_path, text.encode("cp1252"))

    assert "UTF-8" in str(err)


# ---------------------------------------------------------------------------- one mistake, one key

@pytest.mark.parametrize(("yaml_text", "key", "says"), [
    # required keys
    ("insatsperiod: {start: 2022-01-01, slut: 2024-12-31}\nrapportperiod: 2024\n", "insats", "saknas"),
    ("insats: X\nrapportperiod: 2024\n", "insatsperiod", "saknas"),
    (HEAD, "rapportperiod", "saknas"),
    ("insats: ''\ninsatsperiod: {start: 2022-01-01, slut: 2024-12-31}\nrapportperiod: 2024\n", "insats",
     "får inte vara tom"),
    # unknown keys, at every level
    (BASE_YAML + "rapportperiod_slut: 2024-06-30\n", "rapportperiod_slut", "ingen känd nyckel"),
    (BASE_YAML + "data: {deltagare: data/deltagare.csv, deltagre: x.csv}\n", "data.deltagre",
     "ingen känd nyckel"),
    (BASE_YAML + "mal:\n  - {namn: A, typ: utfall, kategorier: [arbete], malvarde: 0.5, mal: 1}\n",
     "mal[0].mal", "ingen känd nyckel"),
    (BASE_YAML + "sekretess: {min_antl: 5}\n", "sekretess.min_antl", "ingen känd nyckel"),
    (BASE_YAML + "progression: {skala: [1, 10], riktning: upp}\n", "progression.riktning",
     "ingen känd nyckel"),
    (HEAD + "rapportperiod: {start: 2024-01-01, slutet: 2024-06-30}\n", "rapportperiod",
     "okänd nyckel 'slutet'"),
    # a misspelt key is named as unknown, not as the key it then lacks
    (BASE_YAML + "mal:\n  - {namn: A, typ: narvaro, malvärde: 0.8}\n", "mal[0].malvärde",
     "ingen känd nyckel"),
    (HEAD + "rapportperiod:\n", "rapportperiod", "saknar värde"),
    # wrong types
    (BASE_YAML + "kommuner: Tierp\n", "kommuner", "ska vara en lista"),
    ("insats: 7\ninsatsperiod: {start: 2022-01-01, slut: 2024-12-31}\nrapportperiod: 2024\n", "insats",
     "ska vara text"),
    (BASE_YAML + "data: data/deltagare.csv\n", "data", "samling nycklar"),
    (BASE_YAML + "sekretess: 3\n", "sekretess", "samling nycklar"),
    (BASE_YAML + "mal: {namn: A, typ: narvaro, malvarde: 0.8}\n", "mal", "ska vara en lista"),
    (BASE_YAML + "mal:\n  - {namn: A, typ: antal, utfall: många, malvarde: 20}\n", "mal[0].utfall",
     "ska vara ett tal"),
    (HEAD + "rapportperiod: 2024\naldersgrupper: [16]\n", "aldersgrupper[0]", "'16' är ingen åldersgrupp"),
    (HEAD + "rapportperiod: 2024\naldersgrupper: [{a: 1}]\n", "aldersgrupper[0]", "ska vara text"),
    (BASE_YAML + "progression: {skala: 10}\n", "progression.skala", "ska vara en lista"),
    (BASE_YAML + "progression: {skala: [1, 10], hogre_ar_battre: kanske}\n", "progression.hogre_ar_battre",
     "true eller false"),
    (BASE_YAML + "sekretess: {min_antal: tre}\n", "sekretess.min_antal", "heltal"),
    (BASE_YAML + "sekretess: {min_antal: 2.5}\n", "sekretess.min_antal", "heltal"),
    # impossible values
    (BASE_YAML + "sekretess: {min_antal: -1}\n", "sekretess.min_antal", "minst 0"),
    (BASE_YAML + "sprak: de\n", "sprak", "ska vara en av sv eller en"),
    ("insats: X\ninsatsperiod: {start: 2024-12-31, slut: 2022-01-01}\nrapportperiod: 2024\n", "insatsperiod",
     "slut ligger före start"),
    ("insats: X\ninsatsperiod: {start: 2022-02-30, slut: 2024-12-31}\nrapportperiod: 2024\n",
     "insatsperiod.start", "datum"),
    ("insats: X\ninsatsperiod: {start: 2022, slut: 2024-12-31}\nrapportperiod: 2024\n", "insatsperiod.start",
     "datum"),
    (HEAD + "rapportperiod: 2024-H3\n", "rapportperiod", "ingen period"),
    (HEAD + "rapportperiod: 2024-06\n", "rapportperiod", "ingen period"),
    (HEAD + "rapportperiod: {start: 2024-06-30, slut: 2024-01-01}\n", "rapportperiod",
     "slut ligger före start"),
    (HEAD + "rapportperiod: {start: 2024-01-01}\n", "rapportperiod", "slut saknas"),
    (HEAD + "rapportperiod: {start: 2024-02-30, slut: 2024-06-30}\n", "rapportperiod", "inget datum"),
    (HEAD + "rapportperiod: 2025\n", "rapportperiod", "utanför insatsperioden"),
    (HEAD + "rapportperiod: 2024\naldersgrupper: [16-24, 25 till 29]\n", "aldersgrupper[1]",
     "ingen åldersgrupp"),
    (HEAD + "rapportperiod: 2024\naldersgrupper: [24-16]\n", "aldersgrupper[0]", "slutar före den börjar"),
    (HEAD + "rapportperiod: 2024\naldersgrupper: [16-25, 25-29]\n", "aldersgrupper[1]", "överlappar"),
    (HEAD + "rapportperiod: 2024\naldersgrupper: [25-29, 16-24]\n", "aldersgrupper[1]", "ordning"),
    (HEAD + "rapportperiod: 2024\naldersgrupper: ['30-', 40-49]\n", "aldersgrupper[1]", "överlappar"),
    (BASE_YAML + "progression: {skala: [10, 1]}\n", "progression.skala", "lägsta och högsta"),
    (BASE_YAML + "progression: {skala: [1, 5, 10]}\n", "progression.skala", "exakt två värden"),
    (BASE_YAML + "progression: {instrument: SMAIL}\n", "progression.skala", "saknas"),
    (BASE_YAML + "utfallskoder: {arbete: Arbete}\n", "utfallskoder.arbete", "redan en standardkod"),
    (BASE_YAML + "utfallskoder:\n  jobbspar: {etikett: Jobbspåret, sus_grupp: jobb}\n",
     "utfallskoder.jobbspar.sus_grupp", "ska vara en av forvarvsarbete"),
    (BASE_YAML + "utfallskoder:\n  jobbspar: {sus_grupp: studier}\n", "utfallskoder.jobbspar.etikett",
     "saknas"),
    (BASE_YAML + "utfallskoder:\n  jobbspar: 5\n", "utfallskoder.jobbspar", "ska vara text"),
])
def test_mistake_names_the_key(tmp_path, yaml_text, key, says):
    err = config_error(tmp_path, yaml_text)

    assert_key(err, key)
    assert says in err.detail


@pytest.mark.parametrize(("yaml_text", "key", "message"), [
    (BASE_YAML + "rapportperiod_slut: 2024-06-30\n", "rapportperiod_slut",
     "är ingen känd nyckel; menade du rapportperiod?"),
    (BASE_YAML + "Sekretess: {min_antal: 3}\n", "Sekretess", "är ingen känd nyckel; menade du sekretess?"),
    (BASE_YAML + "sekretess: {min_antl: 5}\n", "sekretess.min_antl", "är ingen känd nyckel; menade du min_antal?"),
    (BASE_YAML + "data: {deltagare: data/deltagare.csv, deltagre: x.csv}\n", "data.deltagre",
     "är ingen känd nyckel; menade du deltagare?"),
    (BASE_YAML + "mal:\n  - {namn: A, typ: narvaro, malvärde: 0.8}\n", "mal[0].malvärde",
     "är ingen känd nyckel; menade du malvarde?"),
    (BASE_YAML + "utfallskoder:\n  jobbspar: {etiket: Jobbspåret}\n", "utfallskoder.jobbspar.etiket",
     "är ingen känd nyckel; menade du etikett?"),
    (BASE_YAML + "progression: {skala: [1, 10], riktning: upp}\n", "progression.riktning",
     "är ingen känd nyckel (kontrollera stavningen)"),
    (HEAD + "rapportperiod: {start: 2024-01-01, slutet: 2024-06-30}\n", "rapportperiod",
     "okänd nyckel 'slutet' (tillåtna: start, slut); menade du slut?"),
    (BASE_YAML + "mal:\n  - {namn: A, typ: utfall, kategorier: [arbte], malvarde: 0.5}\n",
     "mal[0].kategorier[0]", "'arbte' är ingen utfallskod; menade du arbete?; kända koder: "
     "annan_insats, annat, arbete, arbetsforberedande, arbetslivsinriktad_rehabilitering, arbetssokande, "
     "daglig_verksamhet, flyttat, medicinsk_rehabilitering, okant, sjuk_aktivitetsersattning, studier, "
     "utebliven_kontakt"),
])
def test_misspelt_key_or_code_gets_the_nearest_match(tmp_path, yaml_text, key, message):
    err = config_error(tmp_path, yaml_text)

    assert_key(err, key)
    assert err.detail == message
    assert len(err.problems) == 1  # the key a misspelling was meant as is not also reported missing


def test_every_mistake_of_insats_yaml_at_once(tmp_path):
    err = config_error(tmp_path, BASE_YAML + "sprak: de\nsekretess: {min_antal: -1}\nkommuner: Tierp\n"
                                             "utfallskoder: {jobbspar: 5}\ninsatsagre: Kommunen\n")

    assert [(p.key, p.message) for p in err.problems] == [
        ("insatsagre", "är ingen känd nyckel; menade du insatsagare?"),
        ("kommuner", "ska vara en lista, t.ex. [a, b]"),
        ("utfallskoder.jobbspar", "ska vara text"),
        ("sekretess.min_antal", "ska vara minst 0"),
        ("sprak", "ska vara en av sv eller en"),
    ]
    assert str(err).splitlines()[1] == "insats.yaml, nyckeln 'kommuner': ska vara en lista, t.ex. [a, b]"


def test_every_mistake_found_after_the_types_at_once(tmp_path):
    err = config_error(tmp_path, HEAD + "rapportperiod: 2026\naldersgrupper: [16-24, 25 till 29]\n"
                                        "utfallskoder: {arbete: Arbete}\n"
                                        "mal:\n  - {namn: N, typ: narvaro, malvarde: 0.8}\n")

    assert [p.key for p in err.problems] == ["rapportperiod", "aldersgrupper[1]", "utfallskoder.arbete",
                                             "mal[0].typ"]


GOAL_OK = "  - {namn: Arbete, typ: utfall, kategorier: [arbete], malvarde: 0.5}\n"


@pytest.mark.parametrize(("goal", "key", "says"), [
    ("{namn: B, typ: utfall, kategorier: [studier], malvarde: 1.5}", "mal[1].malvarde", "mellan 0 och 1"),
    ("{namn: B, typ: utfall, kategorier: [studier], malvarde: 80}", "mal[1].malvarde", "mellan 0 och 1"),
    ("{namn: B, typ: utfall, kategorier: [studier], malvarde: '80 procent'}", "mal[1].malvarde", "ett tal"),
    ("{namn: B, typ: utfall, kategorier: [studier]}", "mal[1].malvarde", "saknas"),
    ("{typ: utfall, kategorier: [studier], malvarde: 0.5}", "mal[1].namn", "saknas"),
    ("{namn: B, kategorier: [studier], malvarde: 0.5}", "mal[1]", "saknar typ"),
    ("{namn: B, typ: andelar, malvarde: 0.5}", "mal[1]", "typ ska vara en av utfall, andel, narvaro, antal"),
    ("{namn: B, typ: utfall, kategorier: [], malvarde: 0.5}", "mal[1].kategorier", "får inte vara tom"),
    ("{namn: B, typ: utfall, kategorier: [arbete, jobb], malvarde: 0.5}", "mal[1].kategorier[1]",
     "ingen utfallskod"),
    ("{namn: B, typ: utfall, kategorier: [studier], namnare: deltagare, malvarde: 0.5}", "mal[1].namnare",
     "avslutade eller alla"),
    ("{namn: B, typ: andel, malvarde: 0.5}", "mal[1].kolumn", "saknas"),
    ("{namn: B, typ: antal, malvarde: 20}", "mal[1].utfall", "saknas"),
    ("{namn: B, typ: narvaro, malvarde: 0.8, kategorier: [arbete]}", "mal[1].kategorier",
     "ingen känd nyckel"),
])
def test_mistake_in_a_goal_names_goal_and_key(tmp_path, goal, key, says):
    err = config_error(tmp_path, BASE_YAML + "mal:\n" + GOAL_OK + f"  - {goal}\n")

    assert_key(err, key)
    assert says in err.detail


def test_sus_group_as_outcome_category_gets_a_hint(tmp_path):
    err = config_error(tmp_path, BASE_YAML + "mal:\n  - {namn: A, typ: utfall, kategorier: [forvarvsarbete], "
                                             "malvarde: 0.5}\n")

    assert_key(err, "mal[0].kategorier[0]")
    assert "SUS-grupp" in str(err)


def test_local_outcome_code_is_a_valid_category(tmp_path):
    config = make_config(tmp_path, BASE_YAML + "utfallskoder: {steget_vidare: Steget}\n"
                                               "mal:\n  - {namn: A, typ: utfall, kategorier: [steget_vidare], "
                                               "malvarde: 0.5}\n")

    assert config.goals[0].kategorier == ["steget_vidare"]


def test_messages_are_swedish(tmp_path):
    """pydantic's English must not leak into the message (its lists end with 'or')."""
    err = config_error(tmp_path, BASE_YAML + "utfallskoder:\n  jobbspar: {etikett: J, sus_grupp: jobb}\n")

    assert " or " not in str(err)
    assert "constrained" not in str(err)


def test_an_unquoted_open_band_is_read_as_text(tmp_path):
    # YAML reads -24 as a number; the user meant the open band "up to 24"
    folder = write_insats(tmp_path, HEAD + "rapportperiod: 2024\naldersgrupper: [-24, 25-29, 30-]\n")
    assert load_config(folder).band_labels == ("-24", "25-29", "30-")


# ------------------------------------------------------------------ statistik (issue 7)

def test_statistik_defaults_to_wilson_95(tmp_path):
    config = make_config(tmp_path, BASE_YAML)
    assert config.statistics.intervall == "wilson"
    assert config.statistics.konfidensniva == 0.95


@pytest.mark.parametrize(("written", "method", "level"), [
    ("statistik: {intervall: exakt}\n", "exakt", 0.95),
    ("statistik: {intervall: wilson, konfidensniva: 0.9}\n", "wilson", 0.9),
    ("statistik: {konfidensniva: 99 %}\n", "wilson", 0.99),
    ("statistik:\n  intervall: exakt\n  konfidensniva: '80%'\n", "exakt", 0.8),
])
def test_statistik_is_read(tmp_path, written, method, level):
    config = make_config(tmp_path, BASE_YAML + written)
    assert config.statistics.intervall == method
    assert config.statistics.konfidensniva == pytest.approx(level)


@pytest.mark.parametrize(("written", "key", "says"), [
    ("statistik: {intervall: wald}\n", "statistik.intervall", "ska vara en av wilson eller exakt"),
    ("statistik: {konfidensniva: 95}\n", "statistik.konfidensniva", "andel från 0.5 till under 1"),
    ("statistik: {konfidensniva: 1}\n", "statistik.konfidensniva", "inte 1"),
    ("statistik: {konfidensniva: hög}\n", "statistik.konfidensniva", "ska vara ett tal"),
    ("statistik: {intervall: exakt, niva: 0.9}\n", "statistik.niva", "ingen känd nyckel"),
    ("statistik: exakt\n", "statistik", "samling nycklar"),
])
def test_statistik_mistake_names_the_key(tmp_path, written, key, says):
    err = config_error(tmp_path, BASE_YAML + written)

    assert_key(err, key)
    assert says in err.detail
