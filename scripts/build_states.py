#!/usr/bin/env python
"""Generate ``reference/reference_data/states.yaml`` from CLDR and the table below.

Names come from the CLDR territory names bundled with Babel (``Locale.territories``) in the
six official languages. CLDR gives everyday short names ("South Korea", "Congo - Kinshasa",
"Palestinian Territories"), so the ``OVERRIDES`` table replaces them with the short names used
in United Nations documents where the difference matters. Everything else in the output —
alpha-3 code, kind, regional group — comes from ``STATES`` below.

Run from the repository root, then review the diff of the YAML file::

    .venv/bin/python scripts/build_states.py

The regional groups are those of the United Nations lists as kept by the secretariat:
Türkiye and Israel are counted with WEOG, the United States (an observer of WEOG) too,
Kiribati with Asia-Pacific. Parties outside the groups (Holy See, State of Palestine,
Cook Islands, Niue, the European Union) get ``regional_group: null`` here and an explicit
assignment per mechanism in ``mechanisms.yaml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import babel
import yaml
from babel import Locale

OUTPUT = Path(__file__).resolve().parent.parent / "reference" / "reference_data" / "states.yaml"

#: Output language key → Babel locale identifier.
LANGUAGES = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh_hans": "zh_Hans"}

MEMBER, NON_MEMBER, REIO = "member", "non_member", "reio"

# alpha-3, alpha-2 per regional group. 54 + 54 + 23 + 33 + 29 = 193 Member States.
GROUPS = {
    "african": """
        DZA DZ  AGO AO  BEN BJ  BWA BW  BFA BF  BDI BI  CPV CV  CMR CM  CAF CF  TCD TD
        COM KM  COG CG  CIV CI  COD CD  DJI DJ  EGY EG  GNQ GQ  ERI ER  SWZ SZ  ETH ET
        GAB GA  GMB GM  GHA GH  GIN GN  GNB GW  KEN KE  LSO LS  LBR LR  LBY LY  MDG MG
        MWI MW  MLI ML  MRT MR  MUS MU  MAR MA  MOZ MZ  NAM NA  NER NE  NGA NG  RWA RW
        STP ST  SEN SN  SYC SC  SLE SL  SOM SO  ZAF ZA  SSD SS  SDN SD  TGO TG  TUN TN
        UGA UG  TZA TZ  ZMB ZM  ZWE ZW
    """,
    "asia_pacific": """
        AFG AF  BHR BH  BGD BD  BTN BT  BRN BN  KHM KH  CHN CN  CYP CY  PRK KP  FJI FJ
        IND IN  IDN ID  IRN IR  IRQ IQ  JPN JP  JOR JO  KAZ KZ  KIR KI  KWT KW  KGZ KG
        LAO LA  LBN LB  MYS MY  MDV MV  MHL MH  FSM FM  MNG MN  MMR MM  NRU NR  NPL NP
        OMN OM  PAK PK  PLW PW  PNG PG  PHL PH  QAT QA  KOR KR  WSM WS  SAU SA  SGP SG
        SLB SB  LKA LK  SYR SY  TJK TJ  THA TH  TLS TL  TON TO  TKM TM  TUV TV  ARE AE
        UZB UZ  VUT VU  VNM VN  YEM YE
    """,
    "eastern_european": """
        ALB AL  ARM AM  AZE AZ  BLR BY  BIH BA  BGR BG  HRV HR  CZE CZ  EST EE  GEO GE
        HUN HU  LVA LV  LTU LT  MNE ME  MKD MK  POL PL  MDA MD  ROU RO  RUS RU  SRB RS
        SVK SK  SVN SI  UKR UA
    """,
    "grulac": """
        ATG AG  ARG AR  BHS BS  BRB BB  BLZ BZ  BOL BO  BRA BR  CHL CL  COL CO  CRI CR
        CUB CU  DMA DM  DOM DO  ECU EC  SLV SV  GRD GD  GTM GT  GUY GY  HTI HT  HND HN
        JAM JM  MEX MX  NIC NI  PAN PA  PRY PY  PER PE  KNA KN  LCA LC  VCT VC  SUR SR
        TTO TT  URY UY  VEN VE
    """,
    "weog": """
        AND AD  AUS AU  AUT AT  BEL BE  CAN CA  DNK DK  FIN FI  FRA FR  DEU DE  GRC GR
        ISL IS  IRL IE  ISR IL  ITA IT  LIE LI  LUX LU  MLT MT  MCO MC  NLD NL  NZL NZ
        NOR NO  PRT PT  SMR SM  ESP ES  SWE SE  CHE CH  TUR TR  GBR GB  USA US
    """,
}

#: Parties outside the United Nations regional groups: (alpha-3, alpha-2, kind).
OTHERS = [
    ("VAT", "VA", NON_MEMBER),  # Holy See, non-member observer State
    ("PSE", "PS", NON_MEMBER),  # State of Palestine, non-member observer State
    ("COK", "CK", NON_MEMBER),  # Cook Islands
    ("NIU", "NU", NON_MEMBER),  # Niue
    ("EUU", "EU", REIO),  # European Union, regional economic integration organization
]

#: United Nations short names where CLDR's differ in a way that matters. Per code, per language.
OVERRIDES: dict[str, dict[str, str]] = {
    # --- English short names as in United Nations documents
    "ATG": {"en": "Antigua and Barbuda"},
    "BHS": {"en": "Bahamas"},
    "BIH": {"en": "Bosnia and Herzegovina"},
    "BOL": {
        "en": "Bolivia (Plurinational State of)",
        "fr": "Bolivie (État plurinational de)",
        "es": "Bolivia (Estado Plurinacional de)",
        "ru": "Боливия (Многонациональное Государство)",
        "ar": "بوليفيا (دولة - المتعددة القوميات)",
        "zh_hans": "多民族玻利维亚国",
    },
    "BRN": {
        "en": "Brunei Darussalam",
        "fr": "Brunéi Darussalam",
        "es": "Brunei Darussalam",
        "ru": "Бруней-Даруссалам",
        "ar": "بروني دار السلام",
        "zh_hans": "文莱达鲁萨兰国",
    },
    "CIV": {"en": "Côte d'Ivoire", "ar": "كوت ديفوار"},
    "COD": {
        "en": "Democratic Republic of the Congo",
        "fr": "République démocratique du Congo",
        "es": "República Democrática del Congo",
        "ru": "Демократическая Республика Конго",
        "ar": "جمهورية الكونغو الديمقراطية",
        "zh_hans": "刚果民主共和国",
    },
    "COG": {"en": "Congo", "fr": "Congo", "es": "Congo", "ru": "Конго", "ar": "الكونغو", "zh_hans": "刚果"},
    "CPV": {"en": "Cabo Verde", "fr": "Cabo Verde", "ar": "كابو فيردي"},
    "CZE": {"en": "Czechia", "ar": "تشيكيا"},
    "FSM": {
        "en": "Micronesia (Federated States of)",
        "fr": "Micronésie (États fédérés de)",
        "es": "Micronesia (Estados Federados de)",
        "ru": "Микронезия (Федеративные Штаты)",
        "ar": "ميكرونيزيا (ولايات - الموحدة)",
        "zh_hans": "密克罗尼西亚联邦",
    },
    "GBR": {
        "en": "United Kingdom of Great Britain and Northern Ireland",
        "fr": "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "es": "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "ru": "Соединенное Королевство Великобритании и Северной Ирландии",
        "ar": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "zh_hans": "大不列颠及北爱尔兰联合王国",
    },
    "GMB": {"en": "Gambia"},
    "IRN": {
        "en": "Iran (Islamic Republic of)",
        "fr": "Iran (République islamique d')",
        "es": "Irán (República Islámica del)",
        "ru": "Иран (Исламская Республика)",
        "ar": "إيران (جمهورية - الإسلامية)",
        "zh_hans": "伊朗伊斯兰共和国",
    },
    "KNA": {"en": "Saint Kitts and Nevis"},
    "KOR": {
        "en": "Republic of Korea",
        "fr": "République de Corée",
        "es": "República de Corea",
        "ru": "Республика Корея",
        "ar": "جمهورية كوريا",
        "zh_hans": "大韩民国",
    },
    "LAO": {
        "en": "Lao People's Democratic Republic",
        "fr": "République démocratique populaire lao",
        "es": "República Democrática Popular Lao",
        "ru": "Лаосская Народно-Демократическая Республика",
        "ar": "جمهورية لاو الديمقراطية الشعبية",
        "zh_hans": "老挝人民民主共和国",
    },
    "LCA": {"en": "Saint Lucia"},
    "MDA": {
        "en": "Republic of Moldova",
        "fr": "République de Moldova",
        "es": "República de Moldova",
        "ru": "Республика Молдова",
        "ar": "جمهورية مولدوفا",
        "zh_hans": "摩尔多瓦共和国",
    },
    "MKD": {"en": "North Macedonia"},
    "MMR": {"en": "Myanmar", "fr": "Myanmar", "es": "Myanmar", "ru": "Мьянма", "ar": "ميانمار", "zh_hans": "缅甸"},
    "NLD": {
        "en": "Netherlands (Kingdom of the)",
        "fr": "Pays-Bas (Royaume des)",
        "es": "Países Bajos (Reino de los)",
        "zh_hans": "荷兰王国",
    },
    "PRK": {
        "en": "Democratic People's Republic of Korea",
        "fr": "République populaire démocratique de Corée",
        "es": "República Popular Democrática de Corea",
        "ru": "Корейская Народно-Демократическая Республика",
        "ar": "جمهورية كوريا الشعبية الديمقراطية",
        "zh_hans": "朝鲜民主主义人民共和国",
    },
    "RUS": {
        "en": "Russian Federation",
        "fr": "Fédération de Russie",
        "es": "Federación de Rusia",
        "ru": "Российская Федерация",
        "ar": "الاتحاد الروسي",
        "zh_hans": "俄罗斯联邦",
    },
    "STP": {"en": "Sao Tome and Principe"},
    "SWZ": {"en": "Eswatini", "es": "Eswatini"},
    "SYR": {
        "en": "Syrian Arab Republic",
        "fr": "République arabe syrienne",
        "es": "República Árabe Siria",
        "ru": "Сирийская Арабская Республика",
        "ar": "الجمهورية العربية السورية",
        "zh_hans": "阿拉伯叙利亚共和国",
    },
    "TLS": {"en": "Timor-Leste", "fr": "Timor-Leste", "ru": "Тимор-Лешти"},
    "TTO": {"en": "Trinidad and Tobago"},
    "TUR": {"en": "Türkiye", "fr": "Türkiye", "es": "Türkiye"},
    "TZA": {
        "en": "United Republic of Tanzania",
        "fr": "République-Unie de Tanzanie",
        "es": "República Unida de Tanzanía",
        "ru": "Объединенная Республика Танзания",
        "ar": "جمهورية تنزانيا المتحدة",
        "zh_hans": "坦桑尼亚联合共和国",
    },
    "USA": {
        "en": "United States of America",
        "fr": "États-Unis d'Amérique",
        "es": "Estados Unidos de América",
        "ru": "Соединенные Штаты Америки",
        "ar": "الولايات المتحدة الأمريكية",
        "zh_hans": "美利坚合众国",
    },
    "VCT": {"en": "Saint Vincent and the Grenadines"},
    "VEN": {
        "en": "Venezuela (Bolivarian Republic of)",
        "fr": "Venezuela (République bolivarienne du)",
        "es": "Venezuela (República Bolivariana de)",
        "ru": "Венесуэла (Боливарианская Республика)",
        "ar": "فنزويلا (جمهورية - البوليفارية)",
        "zh_hans": "委内瑞拉玻利瓦尔共和国",
    },
    "VNM": {"en": "Viet Nam", "fr": "Viet Nam", "es": "Viet Nam", "ar": "فييت نام"},
    # --- Other languages: United Nations usage where CLDR is informal or abbreviated
    "ARE": {"ru": "Объединенные Арабские Эмираты"},
    "BLR": {"fr": "Bélarus", "es": "Belarús"},
    "BGD": {"es": "Bangladesh"},
    "BHR": {"es": "Bahrein"},
    "BWA": {"es": "Botswana"},
    "DJI": {"es": "Djibouti"},
    "DOM": {"ar": "الجمهورية الدومينيكية"},
    "FJI": {"es": "Fiji"},
    "GNB": {"es": "Guinea-Bissau"},
    "IRQ": {"fr": "Iraq", "es": "Iraq"},
    "KAZ": {"es": "Kazajstán"},
    "KEN": {"es": "Kenya"},
    "KGZ": {"fr": "Kirghizistan", "ru": "Кыргызстан"},
    "LSO": {"es": "Lesotho"},
    "MDV": {"ar": "ملديف"},
    "MHL": {"ru": "Маршалловы Острова"},
    "MWI": {"es": "Malawi"},
    "PLW": {"es": "Palau"},
    "QAT": {"es": "Qatar"},
    "RWA": {"es": "Rwanda"},
    "SAU": {"es": "Arabia Saudita"},
    "SLB": {"ru": "Соломоновы Острова"},
    "SLV": {"fr": "El Salvador"},
    "SUR": {"es": "Suriname"},
    "SYC": {"ru": "Сейшельские Острова"},
    "ZWE": {"es": "Zimbabwe"},
    # --- Non-members and the European Union
    "VAT": {
        "en": "Holy See",
        "fr": "Saint-Siège",
        "es": "Santa Sede",
        "ru": "Святой Престол",
        "ar": "الكرسي الرسولي",
        "zh_hans": "教廷",
    },
    "PSE": {
        "en": "State of Palestine",
        "fr": "État de Palestine",
        "es": "Estado de Palestina",
        "ru": "Государство Палестина",
        "ar": "دولة فلسطين",
        "zh_hans": "巴勒斯坦国",
    },
    "COK": {"ru": "Острова Кука"},
    "EUU": {
        "en": "European Union",
        "fr": "Union européenne",
        "es": "Unión Europea",
        "ru": "Европейский союз",
        "ar": "الاتحاد الأوروبي",
        "zh_hans": "欧洲联盟",
    },
}


def table() -> list[tuple[str, str, str, str | None]]:
    """(alpha-3, alpha-2, kind, regional group) for every State in the file."""
    rows = []
    for group, text in GROUPS.items():
        tokens = text.split()
        rows += [(tokens[i], tokens[i + 1], MEMBER, group) for i in range(0, len(tokens), 2)]
    rows += [(code, iso2, kind, None) for code, iso2, kind in OTHERS]
    return rows


def names(code: str, iso2: str, territories: dict[str, dict[str, str]]) -> dict[str, str]:
    result = {}
    for key in LANGUAGES:
        name = OVERRIDES.get(code, {}).get(key) or territories[key].get(iso2, "")
        # CLDR uses the typographic apostrophe; the rest of the data uses the plain one.
        result[key] = name.replace("\u2019", "'").strip()
    return result


def build() -> list[dict]:
    territories = {key: Locale.parse(locale).territories for key, locale in LANGUAGES.items()}
    states = []
    for code, iso2, kind, group in table():
        states.append(
            {"code": code, "iso2": iso2, "kind": kind, "regional_group": group, "name": names(code, iso2, territories)}
        )
    states.sort(key=lambda s: s["code"])
    check(states)
    return states


def check(states: list[dict]) -> None:
    codes = [s["code"] for s in states]
    iso2s = [s["iso2"] for s in states]
    problems = []
    if len(set(codes)) != len(codes) or len(set(iso2s)) != len(iso2s):
        problems.append("duplicate codes")
    members = [s for s in states if s["kind"] == MEMBER]
    if len(members) != 193:
        problems.append(f"{len(members)} Member States instead of 193")
    for code in OVERRIDES:
        if code not in codes:
            problems.append(f"override for unknown code {code}")
    for state in states:
        for key, name in state["name"].items():
            if not name:
                problems.append(f"{state['code']} has no name in {key}")
    if problems:
        sys.exit("build_states: " + "; ".join(problems))


class _Dumper(yaml.SafeDumper):
    pass


class _Flow(dict):
    """A mapping written on one line: the six names of a State."""


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def render(states: list[dict]) -> str:
    header = (
        f"# Generated by scripts/build_states.py from CLDR (Babel {babel.__version__}) and the table in that script."
        " Edit the script, not this file.\n"
        "# kind: member | non_member | reio\n"
        "# regional_group: african | asia_pacific | eastern_european | grulac | weog | null\n"
    )
    rows = [{**state, "name": _Flow(state["name"])} for state in states]
    body = yaml.dump(rows, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return header + body


def main() -> None:
    states = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(render(states), encoding="utf-8")
    groups = {}
    for state in states:
        groups[state["regional_group"]] = groups.get(state["regional_group"], 0) + 1
    print(f"Wrote {len(states)} States to {OUTPUT}: {groups}")


if __name__ == "__main__":
    main()
