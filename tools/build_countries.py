"""Build ``src/dipevents/lexicons/countries*.tsv``, the alias table behind ``dipevents.countries``.

Run from the repository root::

    .venv/bin/python tools/build_countries.py

Sources, merged in this order (a later source never overrides an earlier code for the
same alias; a clash between two *different* codes fails the build so that it is fixed
by hand rather than silently):

1. pycountry: ``name``, ``official_name`` and ``common_name`` of every ISO 3166-1 entry.
2. CLDR English territory names from every ``en_*`` locale, read through Babel. Babel is
   used only here, at build time; the library reads the generated TSV and needs neither
   Babel nor pycountry at run time.
3. Our own checked lists below: news short forms, abbreviations, historical names,
   demonyms, capitals and seats of government, ambiguous aliases with their candidate
   codes, and "blocks" (phrases such as "New Mexico" that contain a country word but
   name no country).

Output columns of ``countries.tsv``: ``alias``, ``code`` (the code ``resolve`` returns;
empty when the alias is ambiguous without context), ``kind`` (name, demonym, capital,
block, signal), ``flags`` (comma separated: ``exact`` = match only as written, e.g.
"US"; ``nofind`` = only for ``resolve``, e.g. "Korea, Rep."; ``person`` = may be a
person's name; ``hyphen`` = only before a hyphen, e.g. "Sino-"), ``alts`` (candidate
codes that document context may pick, ``|`` separated). ``countries_names.tsv`` maps
each code to the display name ``Country.from_code`` gives.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pycountry
from babel import Locale, localedata

OUT = Path(__file__).resolve().parent.parent / "src" / "dipevents" / "lexicons"

# CLDR regions that are not ISO 3166-1 entries but name a place inside one.
CLDR_EXTRA = {"XK": "XKX", "AC": "SHN", "TA": "SHN", "DG": "IOT", "EA": "ESP", "IC": "ESP"}
# CLDR names we do not want as aliases (they are not states or are ambiguous).
CLDR_SKIP = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "CP", "AQ"}

# --- our lists -------------------------------------------------------------------------
# One line per code: aliases separated by ";". Kind "name".
NAMES = """
USA: United States; United States of America; America; the United States; U.S; U. S.
GBR: United Kingdom; Britain; Great Britain; England; Scotland; Wales; Northern Ireland
RUS: Russia; Russian Federation; Soviet Union; the Soviet Union; Union of Soviet Socialist Republics
CHN: China; People's Republic of China; Mainland China; China, People's Republic of
TWN: Taiwan; Republic of China; Chinese Taipei; Formosa; Taiwan, China
KOR: South Korea; Republic of Korea; Korea, South; Korea, Rep.; S. Korea; S Korea; Korea Republic
PRK: North Korea; Democratic People's Republic of Korea; Korea, North; Korea, Dem. Rep.; N. Korea
PRK: N Korea; Korea DPR; Korea, DPR
IRN: Iran; Persia; Islamic Republic of Iran; Iran, Islamic Rep.
SYR: Syria; Syrian Arab Republic
LAO: Laos; Lao PDR; Lao People's Democratic Republic
VNM: Vietnam; Viet Nam; Socialist Republic of Vietnam; Viet-Nam
MDA: Moldova; Republic of Moldova; Moldavia
BOL: Bolivia; Plurinational State of Bolivia
VEN: Venezuela; Venezuela, RB; Bolivarian Republic of Venezuela
TZA: Tanzania; United Republic of Tanzania; Tanganyika
CZE: Czechia; Czech Republic
SVK: Slovakia; Slovak Republic
NLD: Netherlands; the Netherlands; Holland; Kingdom of the Netherlands
PHL: Philippines; the Philippines; Republic of the Philippines
MKD: North Macedonia; Macedonia; Republic of North Macedonia
MKD: Former Yugoslav Republic of Macedonia; Macedonia, FYR
CPV: Cape Verde; Cabo Verde
TLS: East Timor; Timor-Leste; Timor Leste
VAT: Vatican; Holy See; Vatican City; Vatican City State
XKX: Kosovo; Republic of Kosovo
PSE: Palestine; State of Palestine; Palestinian Territories; Palestinian Territory
PSE: Occupied Palestinian Territory; Occupied Palestinian Territories; West Bank and Gaza
PSE: Palestinian Authority; Palestinian National Authority
CIV: Ivory Coast; Côte d'Ivoire; Cote d'Ivoire; Republic of Côte d'Ivoire
MMR: Myanmar; Burma; Republic of the Union of Myanmar
TUR: Turkey; Türkiye; Turkiye; Republic of Turkey; Republic of Türkiye
SWZ: Eswatini; Swaziland; Kingdom of Eswatini
COD: Democratic Republic of the Congo; Democratic Republic of Congo; DR Congo; Congo-Kinshasa
COD: Congo (Kinshasa); Zaire; Congo, Dem. Rep.; Congo DR; DR of the Congo
COG: Republic of the Congo; Republic of Congo; Congo-Brazzaville; Congo (Brazzaville)
COG: Congo Republic; Congo, Rep.
GMB: Gambia; The Gambia; Gambia, The
BHS: Bahamas; The Bahamas; Bahamas, The
FSM: Micronesia; Federated States of Micronesia; Micronesia, Fed. Sts.
EGY: Egypt; Arab Republic of Egypt
YEM: Yemen; Republic of Yemen
HKG: Hong Kong; Hong Kong SAR; Hong Kong, China
MAC: Macao; Macau; Macao SAR; Macau SAR; Macao, China; Macau, China
ATF: French Southern and Antarctic Lands; French Southern Lands
PCN: Pitcairn, Henderson, Ducie and Oeno Islands
KGZ: Kyrgyzstan; Kyrgyz Republic; Kirghizia
KAZ: Kazakhstan; Kazakstan
TKM: Turkmenistan; Turkmenia
BLR: Belarus; Republic of Belarus; Byelorussia; Belorussia; Belarussia
BRN: Brunei; Brunei Darussalam; Nation of Brunei, Abode of Peace; Nation of Brunei
IRL: Ireland; Republic of Ireland; Eire; Éire
DEU: Germany; Federal Republic of Germany; West Germany; East Germany; German Democratic Republic
SRB: Serbia; Federal Republic of Yugoslavia; Serbia and Montenegro
BIH: Bosnia and Herzegovina; Bosnia-Herzegovina; Bosnia & Herzegovina; Bosnia
KNA: Saint Kitts and Nevis; St Kitts and Nevis; St. Kitts and Nevis; St Kitts; Saint Kitts
VCT: Saint Vincent and the Grenadines; St Vincent and the Grenadines; St. Vincent; St Vincent
VCT: Saint Vincent
LCA: Saint Lucia; St Lucia; St. Lucia
ATG: Antigua and Barbuda; Antigua
TTO: Trinidad and Tobago; Trinidad
STP: Sao Tome and Principe; São Tomé and Príncipe; Sao Tome
GNB: Guinea-Bissau; Guinea Bissau
PNG: Papua New Guinea
GNQ: Equatorial Guinea
CAF: Central African Republic
ARE: United Arab Emirates
SAU: Saudi Arabia; Kingdom of Saudi Arabia
JOR: Jordan; Hashemite Kingdom of Jordan
LKA: Sri Lanka; Ceylon
THA: Thailand; Siam
KHM: Cambodia; Kampuchea
BEN: Benin; Dahomey
BFA: Burkina Faso; Upper Volta; Burkina
ZWE: Zimbabwe; Rhodesia
BWA: Botswana; Bechuanaland
LSO: Lesotho; Basutoland
ETH: Ethiopia; Abyssinia
SUR: Suriname; Surinam; Dutch Guiana
BLZ: Belize; British Honduras
VUT: Vanuatu; New Hebrides
TUV: Tuvalu; Ellice Islands
BGD: Bangladesh; East Pakistan
LBY: Libya; Libyan Arab Jamahiriya; State of Libya
FLK: Falkland Islands; Falklands; Malvinas; Falkland Islands (Malvinas)
FRO: Faroe Islands; Faeroe Islands; Faroes; Faeroes
SXM: Sint Maarten; St Maarten; Saint Martin (Dutch); Saint Martin (Dutch part)
SXM: St. Martin (Dutch part)
MAF: Saint Martin; St. Martin; Saint Martin (French); St Martin (French part)
SHN: Saint Helena; St Helena; St. Helena
BES: Bonaire; Caribbean Netherlands; Bonaire, Sint Eustatius and Saba
CUW: Curaçao; Curacao
ALA: Åland Islands; Aland Islands; Åland
REU: Réunion; Reunion
VIR: US Virgin Islands; U.S. Virgin Islands; United States Virgin Islands; Virgin Islands, U.S.
VGB: British Virgin Islands; Virgin Islands, British
UMI: U.S. Minor Outlying Islands; US Minor Outlying Islands
SGS: South Georgia and the South Sandwich Islands; South Georgia
WLF: Wallis and Futuna; Wallis & Futuna
SPM: Saint Pierre and Miquelon; St. Pierre and Miquelon
TCA: Turks and Caicos Islands; Turks and Caicos
HMD: Heard Island and McDonald Islands
CCK: Cocos (Keeling) Islands; Cocos Islands; Keeling Islands
PCN: Pitcairn; Pitcairn Islands
KIR: Kiribati
MHL: Marshall Islands
SLB: Solomon Islands
COK: Cook Islands
NZL: New Zealand; Aotearoa
ZAF: South Africa; Republic of South Africa
SSD: South Sudan
SDN: Sudan
DOM: Dominican Republic
DMA: Dominica; Commonwealth of Dominica
MUS: Mauritius
USA_BLOCK: -
"""

# Abbreviations: matched only exactly as written (case and dots). Kind "name".
ABBREVS = """
USA: US; U.S.; USA; U.S.A.; U.S.A
GBR: UK; U.K.; GB
ARE: UAE; U.A.E.
PRK: DPRK; D.P.R.K.
KOR: ROK; R.O.K.
CHN: PRC; P.R.C.
SAU: KSA
COD: DRC; D.R.C.
RUS: USSR; U.S.S.R.
ZAF: RSA
BIH: BiH
DEU: FRG; GDR
MKD: FYROM
PNG: PNG
"""

# Demonyms and adjectives (also people nouns). Plurals are added by a rule below.
DEMONYMS = """
AFG: Afghan; Afghani; Afghanistani
ALB: Albanian
DZA: Algerian
AND: Andorran
AGO: Angolan
ATG: Antiguan; Barbudan
ARG: Argentine; Argentinian; Argentinean
ARM: Armenian
AUS: Australian; Aussie
AUT: Austrian
AZE: Azerbaijani; Azeri
BHS: Bahamian
BHR: Bahraini
BGD: Bangladeshi
BRB: Barbadian; Bajan
BLR: Belarusian; Belarussian; Byelorussian; Belorussian; Belarusan
BEL: Belgian
BLZ: Belizean
BEN: Beninese; Beninois
BTN: Bhutanese
BOL: Bolivian
BIH: Bosnian; Bosnian-Herzegovinian; Herzegovinian
BWA: Botswanan; Motswana; Batswana
BRA: Brazilian
BRN: Bruneian
BGR: Bulgarian
BFA: Burkinabe; Burkinabè; Burkinese
BDI: Burundian
CPV: Cape Verdean; Cabo Verdean
KHM: Cambodian; Khmer
CMR: Cameroonian
CAN: Canadian
CAF: Central African
TCD: Chadian
CHL: Chilean
CHN: Chinese
COL: Colombian
COM: Comoran; Comorian
CRI: Costa Rican
CIV: Ivorian
HRV: Croatian; Croat
CUB: Cuban
CYP: Cypriot
CZE: Czech
DNK: Danish; Dane
DJI: Djiboutian
ECU: Ecuadorian; Ecuadorean
EGY: Egyptian
SLV: Salvadoran; Salvadorean; El Salvadoran
GNQ: Equatorial Guinean; Equatoguinean
ERI: Eritrean
EST: Estonian
SWZ: Swazi; Emaswati; Liswati
ETH: Ethiopian
FJI: Fijian
FIN: Finnish; Finn
FRA: French; Frenchman; Frenchwoman
GAB: Gabonese
GMB: Gambian
DEU: German; West German; East German
GHA: Ghanaian
GRC: Greek; Hellenic
GRD: Grenadian
GTM: Guatemalan
GNB: Bissau-Guinean
GUY: Guyanese
HTI: Haitian
HND: Honduran
HUN: Hungarian
ISL: Icelandic; Icelander
IND: Indian
IDN: Indonesian
IRN: Iranian; Persian
IRQ: Iraqi
IRL: Irish
ISR: Israeli
ITA: Italian
JAM: Jamaican
JPN: Japanese
JOR: Jordanian
KAZ: Kazakh; Kazakhstani; Kazak
KEN: Kenyan
KIR: I-Kiribati
KWT: Kuwaiti
KGZ: Kyrgyz; Kirghiz; Kyrgyzstani
LAO: Laotian; Lao
LVA: Latvian; Lett
LBN: Lebanese
LSO: Basotho; Mosotho
LBR: Liberian
LBY: Libyan
LIE: Liechtensteiner; Liechtensteinian
LTU: Lithuanian
LUX: Luxembourgish; Luxembourger; Luxembourgian
MDG: Malagasy; Madagascan
MWI: Malawian
MYS: Malaysian
MDV: Maldivian
MLI: Malian
MLT: Maltese
MHL: Marshallese
MRT: Mauritanian
MUS: Mauritian
MEX: Mexican
FSM: Micronesian
MDA: Moldovan; Moldavian
MCO: Monegasque; Monacan
MNG: Mongolian; Mongol
MNE: Montenegrin
MAR: Moroccan
MOZ: Mozambican
MMR: Burmese; Myanmarese; Myanma
NAM: Namibian
NRU: Nauruan
NPL: Nepali; Nepalese
NLD: Dutch; Netherlander; Dutchman
NZL: New Zealander
NIC: Nicaraguan
NER: Nigerien
NGA: Nigerian
MKD: North Macedonian; Macedonian
NOR: Norwegian
OMN: Omani
PAK: Pakistani
PLW: Palauan
PSE: Palestinian
PAN: Panamanian
PNG: Papua New Guinean
PRY: Paraguayan
PER: Peruvian
PHL: Filipino; Filipina; Philippine
POL: Polish; Pole
PRT: Portuguese
QAT: Qatari
ROU: Romanian; Rumanian
RUS: Russian; Soviet
RWA: Rwandan; Rwandese
KNA: Kittitian; Nevisian
LCA: Saint Lucian; St Lucian
VCT: Vincentian
WSM: Samoan
SMR: Sammarinese
STP: Sao Tomean; São Toméan
SAU: Saudi; Saudi Arabian
SEN: Senegalese
SRB: Serbian; Serb
SYC: Seychellois
SLE: Sierra Leonean
SGP: Singaporean
SVK: Slovak; Slovakian
SVN: Slovenian; Slovene
SLB: Solomon Islander
SOM: Somali; Somalian
ZAF: South African
KOR: South Korean
PRK: North Korean
SSD: South Sudanese
ESP: Spanish; Spaniard
LKA: Sri Lankan
SDN: Sudanese
SUR: Surinamese; Surinamer
SWE: Swedish; Swede
CHE: Swiss
SYR: Syrian
TWN: Taiwanese
TJK: Tajik; Tajikistani; Tadjik
TZA: Tanzanian
THA: Thai
TLS: Timorese; East Timorese
TGO: Togolese
TON: Tongan
TTO: Trinidadian; Tobagonian
TUN: Tunisian
TUR: Turkish; Turk
TKM: Turkmen; Turkmenistani
TUV: Tuvaluan
UGA: Ugandan
UKR: Ukrainian
ARE: Emirati
GBR: British; Briton; Brit
USA: American
URY: Uruguayan
UZB: Uzbek; Uzbekistani
VUT: Vanuatuan; Ni-Vanuatu
VEN: Venezuelan
VNM: Vietnamese
YEM: Yemeni; Yemenite
ZMB: Zambian
ZWE: Zimbabwean
XKX: Kosovar; Kosovan
ESH: Sahrawi; Sahrawian
HKG: Hong Konger; Hongkonger
MAC: Macanese
PRI: Puerto Rican
GRL: Greenlandic; Greenlander
BMU: Bermudian; Bermudan
NCL: New Caledonian
COK: Cook Islander
VAT: Vatican
"""

# Capitals and seats of government used as actors. Kind "capital". Deliberately
# missing: capitals that are common words or names far more often than seats
# ("Victoria", "Male", "Hamilton", "Kingston"? kept: rarely anything else in news).
CAPITALS = """
AFG: Kabul
ALB: Tirana; Tirane
DZA: Algiers
AND: Andorra la Vella
AGO: Luanda
ATG: St. John's; Saint John's
ARG: Buenos Aires; Casa Rosada
ARM: Yerevan
AUS: Canberra
AUT: Vienna
AZE: Baku
BHS: Nassau
BHR: Manama
BGD: Dhaka; Dacca
BRB: Bridgetown
BLR: Minsk
BEL: Brussels
BLZ: Belmopan
BEN: Porto-Novo; Cotonou
BTN: Thimphu
BOL: La Paz; Sucre
BIH: Sarajevo
BWA: Gaborone
BRA: Brasilia; Brasília; Planalto
BRN: Bandar Seri Begawan
BGR: Sofia
BFA: Ouagadougou
BDI: Gitega; Bujumbura
CPV: Praia
KHM: Phnom Penh
CMR: Yaounde; Yaoundé
CAN: Ottawa
CAF: Bangui
TCD: N'Djamena; Ndjamena; N’Djamena
CHL: Santiago
CHN: Beijing; Peking; Zhongnanhai
COL: Bogota; Bogotá
COM: Moroni
COD: Kinshasa
COG: Brazzaville
CRI: San Jose; San José
CIV: Yamoussoukro; Abidjan
HRV: Zagreb
CUB: Havana
CYP: Nicosia
CZE: Prague
DNK: Copenhagen
DJI: Djibouti City
DMA: Roseau
DOM: Santo Domingo
ECU: Quito
EGY: Cairo
SLV: San Salvador
GNQ: Malabo
ERI: Asmara
EST: Tallinn
SWZ: Mbabane; Lobamba
ETH: Addis Ababa
FJI: Suva
FIN: Helsinki
FRA: Paris; Elysee; Élysée; Elysée; Elysee Palace; Élysée Palace; Quai d'Orsay
GAB: Libreville
GMB: Banjul
GEO: Tbilisi
DEU: Berlin; Bonn
GHA: Accra
GRC: Athens
GRD: St. George's
GTM: Guatemala City
GIN: Conakry
GNB: Bissau
GUY: Georgetown
HTI: Port-au-Prince
HND: Tegucigalpa
HUN: Budapest
ISL: Reykjavik; Reykjavík
IND: New Delhi; Delhi
IDN: Jakarta
IRN: Tehran; Teheran
IRQ: Baghdad
IRL: Dublin
ISR: Jerusalem; Tel Aviv
ITA: Rome; Farnesina; Palazzo Chigi
JAM: Kingston
JPN: Tokyo; Kasumigaseki; Kantei
JOR: Amman
KAZ: Astana; Nur-Sultan
KEN: Nairobi
KIR: Tarawa; South Tarawa
KWT: Kuwait City
KGZ: Bishkek
LAO: Vientiane
LVA: Riga
LBN: Beirut
LSO: Maseru
LBR: Monrovia
LBY: Tripoli
LIE: Vaduz
LTU: Vilnius
LUX: Luxembourg City
MDG: Antananarivo
MWI: Lilongwe
MYS: Kuala Lumpur; Putrajaya
MDV: Malé
MLI: Bamako
MLT: Valletta
MHL: Majuro
MRT: Nouakchott
MUS: Port Louis
MEX: Mexico City
FSM: Palikir
MDA: Chisinau; Chișinău; Chişinău; Kishinev
MNG: Ulaanbaatar; Ulan Bator; Ulaanbaatar City
MNE: Podgorica
MAR: Rabat
MOZ: Maputo
MMR: Naypyidaw; Nay Pyi Taw; Naypyitaw
NAM: Windhoek
NRU: Yaren
NPL: Kathmandu
NLD: Amsterdam; The Hague; Hague
NZL: Wellington
NIC: Managua
NER: Niamey
NGA: Abuja
PRK: Pyongyang
MKD: Skopje
NOR: Oslo
OMN: Muscat
PAK: Islamabad
PLW: Ngerulmud; Melekeok
PSE: Ramallah
PAN: Panama City
PNG: Port Moresby
PRY: Asuncion; Asunción
PER: Lima
PHL: Manila; Malacanang; Malacañang
POL: Warsaw
PRT: Lisbon
QAT: Doha
ROU: Bucharest
RUS: Moscow; Kremlin
RWA: Kigali
KNA: Basseterre
LCA: Castries
VCT: Kingstown
WSM: Apia
SMR: City of San Marino
STP: São Tomé City
SAU: Riyadh
SEN: Dakar
SRB: Belgrade
SLE: Freetown
SGP: Singapore City
SVK: Bratislava
SVN: Ljubljana
SLB: Honiara
SOM: Mogadishu
ZAF: Pretoria; Tshwane
KOR: Seoul; Blue House; Cheong Wa Dae; Yongsan
SSD: Juba
ESP: Madrid; Moncloa
LKA: Colombo; Sri Jayawardenepura Kotte
SDN: Khartoum
SUR: Paramaribo
SWE: Stockholm
CHE: Bern; Berne
SYR: Damascus
TWN: Taipei
TJK: Dushanbe
TZA: Dodoma; Dar es Salaam
THA: Bangkok
TLS: Dili
TGO: Lome; Lomé
TON: Nuku'alofa; Nukualofa
TTO: Port of Spain; Port-of-Spain
TUN: Tunis
TUR: Ankara
TKM: Ashgabat; Ashkhabad
TUV: Funafuti
UGA: Kampala
UKR: Kyiv; Kiev
ARE: Abu Dhabi
GBR: London; Downing Street; Whitehall; Number 10
USA: Washington; Washington, D.C.; Washington DC; Washington D.C.; White House; Foggy Bottom
USA: Pentagon; Capitol Hill
URY: Montevideo
UZB: Tashkent
VUT: Port Vila
VAT: Vatican City
VEN: Caracas; Miraflores Palace
VNM: Hanoi
YEM: Sanaa; Sana'a; Sana’a
ZMB: Lusaka
ZWE: Harare
XKX: Pristina; Prishtina
HKG: Victoria Harbour
GRL: Nuuk
FRO: Torshavn; Tórshavn
CUW: Willemstad
ABW: Oranjestad
"""

# Aliases whose country depends on the document: "alias: default|cand1|cand2".
# An empty default means resolve() returns None for the bare alias. "~X" candidates
# are non-state readings signalled by SIGNALS below.
AMBIGUOUS = """
name: Korea: KOR|KOR|PRK
demonym: Korean: KOR|KOR|PRK
demonym: Koreans: KOR|KOR|PRK
name: Congo: |COG|COD
demonym: Congolese: |COG|COD
demonym: Dominican: |DOM|DMA
demonym: Dominicans: |DOM|DMA
demonym: Guinean: GIN|GIN|GNB|GNQ|PNG
demonym: Guineans: GIN|GIN|GNB|GNQ|PNG
name: Georgia: GEO|GEO|~USSTATE
demonym: Georgian: GEO|GEO|~USSTATE
demonym: Georgians: GEO|GEO|~USSTATE
capital: Brussels: BEL|BEL|~EU
capital: Tripoli: LBY|LBY|LBN
capital: The Hague: NLD|NLD|~ICC
capital: Hague: NLD|NLD|~ICC
name: Virgin Islands: |VIR|VGB
"""

# Phrases that signal a non-state reading of an ambiguous alias. Kind "signal".
SIGNALS = """
~USSTATE: Atlanta; Savannah; Augusta; Alabama; Florida; Tennessee; South Carolina; North Carolina
~USSTATE: Peach State; Georgia Tech; Georgia State; Georgia Bulldogs; Georgia Senate
~USSTATE: Georgia House
~EU: European Union; EU; European Commission; European Council; European Parliament; NATO; E.U.
GEO: Caucasus; South Caucasus; Abkhazia; South Ossetia; Batumi
~ICC: International Criminal Court; ICC; International Court of Justice; ICJ
~ICC: Permanent Court of Arbitration; OPCW
"""

# Phrases containing a country word that name no country (kind "block").
BLOCKS = """
US$; U.S.$; Niger Delta; Gulf of Guinea
New Mexico; New Jersey; New England; New South Wales; New Guinea; New York; New Brunswick
North Pole; South Pole; Washington Post; Washington Times; George Washington; Washington State
Washington state; University of Washington; Washington Consensus
Indian Ocean; American Indian; American Indians; Native American; Native Americans
African American; African Americans; Latin America; Latin American; South America; South American
North America; North American; Central America; Central American; Asian American; Arab American
Organization of American States; Pan American; American Airlines; American Express; Korean Air
Korean War; Air India; East India Company; West Indies; West Indian; Turkish Airlines
Chinese New Year; French Polynesian
Paris Saint-Germain; Jordan River; Jordan Valley; Michael Jordan; Georgia Tech; Dominican Order
Swiss Army; Dutch Harbor; Guinea pig; Guinea Pig; Turkey Day; China Sea; South China Sea
East China Sea; Persian Gulf; Arabian Sea; Irish Sea; English Channel; Holy See Press Office
Santiago de Compostela; Santiago de Cuba
Indo-Pacific; Indo Pacific; Asia-Pacific; Inner Mongolia; Inner Mongolian; Indochina; Indo-China
Baltic Sea; Black Sea; Caspian Sea; Korean Peninsula; Arabian Peninsula; Horn of Africa
"""

# Single-token aliases that are also common given names/surnames. Kind stays as is.
PERSON_LIKE = {"Jordan", "Chad", "Georgia", "Washington", "Sofia", "Santiago"}

# Only before a hyphen ("Sino-Korean"). Kind "demonym".
HYPHEN_PREFIXES = {"Sino": "CHN", "Russo": "RUS", "Indo": "IND"}

# Plural people nouns are added with "s" unless the form ends like these.
NO_PLURAL_ENDINGS = ("ese", "ss", "sh", "ch", "s", "x", "z", "ic", "ais")
EXTRA_PLURALS = {"Czech": "Czechs", "Frenchman": "Frenchmen", "Dutchman": "Dutchmen"}
# Adjectives with no people-noun plural.
NO_PLURAL = {
    "Hellenic",
    "Philippine",
    "Soviet",
    "Vatican",
    "Luxembourgish",
    "Bosnian-Herzegovinian",
}


def parse_block(text: str) -> list[tuple[str, list[str]]]:
    rows = []
    for line in text.strip().splitlines():
        key, _, rest = line.partition(":")
        if key.strip() == "USA_BLOCK":
            continue
        rows.append((key.strip(), [a.strip() for a in rest.split(";") if a.strip()]))
    return rows


def main() -> int:
    alpha2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    display = {
        c.alpha_3: str(getattr(c, "common_name", None) or c.name) for c in pycountry.countries
    }
    display["XKX"] = "Kosovo"
    # alias -> (code, kind, flags, alts)
    table: dict[str, tuple[str, str, set[str], str]] = {}
    errors: list[str] = []

    def add(
        alias: str, code: str, kind: str, flags: set[str] | None = None, alts: str = ""
    ) -> None:
        alias = alias.strip()
        if alias.lower().startswith("the ") and kind not in ("capital", "block", "signal"):
            alias = alias[4:]
        if not alias:
            return
        flags = set(flags or ())
        if ("," in alias or "(" in alias) and "exact" not in flags:
            flags.add("nofind")
        if alias in table:
            old = table[alias]
            if old[0] != code and "block" not in (kind, old[1]) and not old[3]:
                errors.append(f"{alias!r}: {old[0]} vs {code}")
            return
        table[alias] = (code, kind, flags, alts)

    # Ambiguous aliases first: their entry must win over any single-code source.
    for line in AMBIGUOUS.strip().splitlines():
        kind, alias, codes = (x.strip() for x in line.split(":"))
        default, *cands = codes.split("|")
        table[alias] = (default, kind, set(), "|".join(cands))
    for code, aliases in parse_block(ABBREVS):
        for a in aliases:
            add(a, code, "name", {"exact"})
    for code, aliases in parse_block(NAMES):
        for a in aliases:
            add(a, code, "name")
    for c in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                add(str(v), c.alpha_3, "name")
    # Latin-script English only: en_Dsrt (Deseret) and en_Shaw (Shavian) are skipped.
    en_locales = sorted(
        x
        for x in localedata.locale_identifiers()
        if (x == "en" or x.startswith("en_")) and x not in ("en_Dsrt", "en_Shaw")
    )
    for loc in en_locales:
        for region, nm in Locale.parse(loc).territories.items():
            if region in CLDR_SKIP or region.isdigit():
                continue
            region_code = alpha2to3.get(region) or CLDR_EXTRA.get(region)
            if region_code is None:
                continue
            if not all(unicodedata.name(ch, "").startswith("LATIN") for ch in nm if ch.isalpha()):
                continue
            add(nm, region_code, "name")
            if " - " in nm:  # "Congo - Kinshasa" -> also "Congo-Kinshasa"
                add(nm.replace(" - ", "-"), region_code, "name")
    for code, aliases in parse_block(DEMONYMS):
        for a in aliases:
            add(a, code, "demonym")
            if a in EXTRA_PLURALS:
                add(EXTRA_PLURALS[a], code, "demonym")
            elif a not in NO_PLURAL and not a.endswith(NO_PLURAL_ENDINGS):
                add(a + "s", code, "demonym")
    for code, aliases in parse_block(CAPITALS):
        for a in aliases:
            add(a, code, "capital")
    for prefix, code in HYPHEN_PREFIXES.items():
        add(prefix, code, "demonym", {"hyphen"})
    for line in BLOCKS.strip().splitlines():
        for a in line.split(";"):
            if a.strip() and a.strip() not in table:
                table[a.strip()] = ("", "block", set(), "")
    for code, aliases in parse_block(SIGNALS):
        for a in aliases:
            if a not in table:
                table[a] = (code, "signal", {"exact"} if a.isupper() else set(), "")
    for name in PERSON_LIKE:
        code, kind, flags, alts = table[name]
        table[name] = (code, kind, flags | {"person"}, alts)

    if errors:
        print("conflicting aliases:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "countries.tsv").open("w", encoding="utf-8", newline="\n") as f:
        f.write("alias\tcode\tkind\tflags\talts\n")
        for alias in sorted(table):
            code, kind, flags, alts = table[alias]
            f.write(f"{alias}\t{code}\t{kind}\t{','.join(sorted(flags))}\t{alts}\n")
    used = {v[0] for v in table.values() if v[0][:1].isalpha()} | {
        c for v in table.values() for c in v[3].split("|") if c[:1].isalpha()
    }
    with (OUT / "countries_names.tsv").open("w", encoding="utf-8", newline="\n") as f:
        f.write("alpha3\tname\n")
        for code in sorted(used):
            f.write(f"{code}\t{display[code]}\n")
    print(f"wrote {len(table)} aliases for {len(used)} codes to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
