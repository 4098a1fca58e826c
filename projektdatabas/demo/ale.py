"""Ale kommun as its international strategy (January 2006) describes it.

Everything here that the strategy states is real: the twin towns and their dates,
the orientations, the projects it names and its money figures. Where the strategy
is silent (exact dates, how a sum splits between programmes, names of committees
other than the executive board) the value is an example, and `source_note` or a
comment says so.
"""

import datetime as dt

STRATEGY_SOURCE = "Ale kommuns internationella strategi (januari 2006)"

MUNICIPALITY = {
    "slug": "ale",
    "name": "Ale kommun",
    "county": "Västra Götalands län",
    "website": "https://www.ale.se/",
    # Bolagsverket's number for Ale kommun (Wikipedia's infobox and Skolverket's school-unit
    # register agree; ../shared/standards/iati-2.03/NOTES.md).
    "organisation_number": "212000-1439",
    "coordinator_email": "internationell.samordnare@example.se",
}

# Only Kommunstyrelsen is named by the strategy; the other committees and the
# departments are illustrative.
COMMITTEES = [
    ("Kommunstyrelsen", "KS", True),
    ("Utbildningsnämnden", "UN", False),
    ("Kultur- och fritidsnämnden", "KFN", False),
    ("Omsorgs- och arbetsmarknadsnämnden", "OAN", False),
    ("Samhällsbyggnadsnämnden", "SBN", False),
]

# (name, committee short name, parent department or None)
DEPARTMENTS = [
    ("Kommunstyrelseförvaltningen", "KS", None),
    ("Utbildningsförvaltningen", "UN", None),
    ("Ale gymnasium", "UN", "Utbildningsförvaltningen"),
    ("Grundskolan", "UN", "Utbildningsförvaltningen"),
    ("Kultur- och fritidsförvaltningen", "KFN", None),
    ("Omsorgs- och arbetsmarknadsförvaltningen", "OAN", None),
    ("Arbetsmarknadsenheten", "OAN", "Omsorgs- och arbetsmarknadsförvaltningen"),
    ("Samhällsbyggnadsförvaltningen", "SBN", None),
]

STRATEGY = {
    "title": "Ale kommuns internationella strategi",
    # "Alafors januari 2006": the month is known, the day is not.
    "adopted_on": dt.date(2006, 1, 1),
    "adopted_on_precision": "month",
    "areas": [
        (
            "Internationellt arbete",
            "International work",
            [
                ("Stödja internationellt samarbete", "Support international cooperation"),
                (
                    "Utveckla den internationella kompetensen hos förtroendevalda och personal",
                    "Develop the international competence of elected officials and staff",
                ),
                (
                    "Tillvarata finansieringsmöjligheter som EU erbjuder i kommunens "
                    "utvecklingsarbete",
                    "Use the funding opportunities that the EU offers in the municipality's "
                    "development work",
                ),
                (
                    "Etablera kommersiella kontakter för att stödja näringslivet",
                    "Establish commercial contacts to support local business",
                ),
                (
                    "Öka kommuninvånarnas delaktighet avseende kommunens internationella arbete",
                    "Increase residents' participation in the municipality's international work",
                ),
                (
                    "Öka förståelsen mellan människor i olika länder",
                    "Increase understanding between people in different countries",
                ),
            ],
        ),
        (
            "Vänortssamarbete",
            "Twin-town cooperation",
            [
                (
                    "Skapa personliga relationer mellan vänorternas kommunledningar",
                    "Create personal relations between the twin towns' municipal leaderships",
                ),
                ("Starta och genomföra gemensamma projekt", "Start and carry out joint projects"),
                (
                    "Skapa erfarenhetsutbyte och/eller affärsrelationer inom näringslivet",
                    "Create exchange of experience and/or business relations in the business "
                    "sector",
                ),
                (
                    "Medverka till vänortsturism för kommunens medborgare",
                    "Contribute to twin-town tourism for the municipality's citizens",
                ),
                (
                    "Utveckla erfarenhets- och kunskapsutbyte mellan vänorternas kommunala "
                    "organisationer",
                    "Develop exchange of experience and knowledge between the twin towns' "
                    "municipal organisations",
                ),
            ],
        ),
    ],
}

# The strategy names the Lisbon strategy and its three dimensions.
GROWTH_DIMENSIONS = [
    ("Lissabonstrategin", "Ekonomi", "Economy"),
    ("Lissabonstrategin", "Miljö", "Environment"),
    ("Lissabonstrategin", "Social sammanhållning", "Social cohesion"),
]

# Themes named in the strategy (slug, sv, en).
THEMES = [
    ("sysselsattning", "Sysselsättning", "Employment"),
    ("naringsliv", "Näringsliv", "Business"),
    ("turism", "Turism", "Tourism"),
    ("kultur", "Kultur", "Culture"),
    ("utbildning", "Utbildning", "Education"),
    ("miljo", "Miljö", "Environment"),
    ("vard-omsorg", "Vård och omsorg", "Care"),
    ("arbetsmarknad", "Arbetsmarknad", "Labour market"),
    ("barn-unga", "Barn och unga", "Children and youth"),
]

# Youth first: "Det som prioriteras är kontakter och utbyten för ungdomar."
TARGET_GROUPS = [
    ("ungdomar", "Ungdomar", "Young people", True),
    ("elever", "Elever", "Pupils", True),
    ("larare", "Lärare och skolpersonal", "Teachers and school staff", False),
    ("fortroendevalda", "Förtroendevalda", "Elected officials", False),
    ("personal", "Kommunens personal", "Municipal staff", False),
    ("arbetssokande", "Arbetssökande", "Jobseekers", False),
    ("foretagare", "Företagare", "Business owners", False),
    ("foreningar", "Föreningar", "Associations", False),
    ("invanare", "Invånare", "Residents", False),
]

# Funding programmes with the years projects could start under them (None: not known, or
# still running). EU programmes run in fixed periods, so each period is its own programme:
# a project from 2004 cannot be Erasmus+ (2014–). The strategy names only "Interreg" and
# "Mål 3" (for Vikinga, so the 2000–2006 ones).
# (name, is EU programme, first year, last year, description)
PROGRAMMES = [
    ("Interreg II", True, 1994, 1999, "EU:s gränsöverskridande samarbete 1994–1999."),
    ("Interreg III", True, 2000, 2006, "Interreg IIIA, IIIB och IIIC, 2000–2006."),
    ("Interreg IV", True, 2007, 2013, "Europeiskt territoriellt samarbete 2007–2013."),
    ("Interreg V", True, 2014, 2020, "Europeiskt territoriellt samarbete 2014–2020."),
    ("Interreg VI", True, 2021, 2027, "Europeiskt territoriellt samarbete 2021–2027."),
    ("ESF Mål 3 (1995–1999)", True, 1995, 1999, "Socialfondens mål 3 i Sverige 1995–1999."),
    ("ESF Mål 3 (2000–2006)", True, 2000, 2006, "Socialfondens mål 3 i Sverige 2000–2006."),
    ("EQUAL", True, 2000, 2006, "Socialfondens gemenskapsinitiativ 2000–2006."),
    ("ESF, nationella programmet 2007–2013", True, 2007, 2013, "Socialfonden 2007–2013."),
    ("ESF, nationella programmet 2014–2020", True, 2014, 2020, "Socialfonden 2014–2020."),
    ("ESF+ 2021–2027", True, 2021, 2027, "Europeiska socialfonden+ 2021–2027."),
    (
        "Leonardo da Vinci",
        True,
        1995,
        2013,
        "Yrkesutbildning; från 2007 en del av programmet för livslångt lärande.",
    ),
    (
        "Comenius",
        True,
        1995,
        2013,
        "Skolsamarbete inom Sokrates och, 2007–2013, programmet för livslångt lärande.",
    ),
    (
        "Grundtvig",
        True,
        2000,
        2013,
        "Vuxnas lärande inom Sokrates och, 2007–2013, programmet för livslångt lärande.",
    ),
    ("Ungdomsprogrammet (EU)", True, 2000, 2006, "EU:s program Ungdom 2000–2006."),
    ("Ung och aktiv i Europa", True, 2007, 2013, "EU:s ungdomsprogram 2007–2013."),
    # Erasmus+ 2014–2020 and 2021–2027; left open so that a demo loaded after 2027 can
    # still start youth exchanges under it.
    ("Erasmus+", True, 2014, None, "Utbildning, ungdom och idrott, sedan 2014."),
    (
        "Europa för medborgarna – vänortssamarbete",
        True,
        2007,
        2020,
        "Europa för medborgarna 2007–2013 och 2014–2020.",
    ),
    ("Nordplus", False, None, None, "Nordiska ministerrådets utbildningsprogram."),
    # ICLD, Sida's centre for local democracy, was set up in 2008.
    ("ICLD kommunala partnerskap (Sida)", False, 2008, None, ""),
    ("Egna medel", False, None, None, ""),
]


def programme_covers(name: str, year: int) -> bool:
    """Whether a project could start under programme `name` in `year`."""
    first, last = next((p[2], p[3]) for p in PROGRAMMES if p[0] == name)
    return (first is None or first <= year) and (last is None or year <= last)


# (name, kind, country, town, population, website)
ORGANISATIONS = [
    ("Ruukki", "municipality", "FI", "Ruukki", 5000, ""),
    ("Kaufungen", "municipality", "DE", "Kaufungen", 12000, "https://www.kaufungen.eu/"),
    ("Bertinoro", "municipality", "IT", "Bertinoro", 9000, "https://www.comune.bertinoro.fc.it/"),
    ("Oxford Brookes University", "university", "GB", "Oxford", None, "https://www.brookes.ac.uk/"),
    ("West Sweden", "network", "SE", "Göteborg", None, ""),
    (
        "Göteborgsregionens kommunalförbund (GR)",
        "network",
        "SE",
        "Göteborg",
        None,
        "https://goteborgsregionen.se/",
    ),
    ("Föreningen Norden", "ngo", "SE", "Stockholm", None, "https://www.norden.se/"),
    ("Svenska ESF-rådet", "public_agency", "SE", "Stockholm", None, "https://www.esf.se/"),
]

# Twinnings with the dated facts the strategy gives. Dates are known to the year
# (or month), and their precision says so.
TWINNINGS = [
    {
        "partner": "Ruukki",
        "slug": "ruukki",
        "first_contact": (dt.date(1980, 1, 1), "year"),
        "agreement_signed": (dt.date(1986, 1, 1), "year"),
        "history_sv": (
            "Föreningen Norden föreslog 1980 Ale en vänort i norra Finland, cirka 8 mil nordost "
            "om Uleåborg: Ruukki, en jordbrukskommun med cirka 5 000 invånare. Föreningen "
            "Nordens tanke var att olikheter skulle prägla utbytet. Sedan vänortsavtalet "
            "tecknades 1986 har utbytet skett med varierande frekvens. Vid flera tillfällen "
            "har elever från Ruukki studerat på Ale gymnasium."
        ),
        "history_en": (
            "In 1980 Föreningen Norden proposed a twin town in northern Finland, about 80 km "
            "north-east of Oulu: Ruukki, a farming municipality of about 5,000 inhabitants. "
            "Since the agreement was signed in 1986 exchanges have come and gone; several times "
            "pupils from Ruukki have studied at Ale gymnasium."
        ),
        "events": [
            (
                dt.date(1980, 1, 1),
                "year",
                "first_contact",
                "Föreningen Norden föreslår Ruukki som vänort",
                "Föreningen Norden proposes Ruukki as a twin town",
            ),
            (
                dt.date(1986, 1, 1),
                "year",
                "agreement",
                "Vänortsavtalet tecknas",
                "The twinning agreement is signed",
            ),
        ],
    },
    {
        "partner": "Kaufungen",
        "slug": "kaufungen",
        "first_contact": (dt.date(1989, 1, 1), "year"),
        "agreement_signed": (dt.date(1992, 1, 1), "year"),
        "history_sv": (
            "1989–90 togs de första kontakterna mellan Ale och Kaufungen. Hösten 1992 "
            "undertecknades vänortsförbindelsen vid en högtidlighet i Kaufungen, och samma "
            "procedur upprepades på Alemässan i maj 1994 då Kaufungens kommunledning var på "
            "besök. Redan 1992–93 växte spontana utbyten fram inom kultur och föreningsliv, och "
            "på senare tid har även näringslivet involverats. Kaufungen har cirka 12 000 "
            "invånare och ligger i Kasselregionen."
        ),
        "history_en": (
            "The first contacts were made in 1989–90. The twinning was signed at a ceremony in "
            "Kaufungen in the autumn of 1992 and confirmed at Alemässan in May 1994. Cultural "
            "and association exchanges began in 1992–93; business has joined later. Kaufungen "
            "has about 12,000 inhabitants and lies in the Kassel region."
        ),
        "events": [
            (
                dt.date(1989, 1, 1),
                "year",
                "first_contact",
                "Första kontakterna mellan Ale och Kaufungen (1989–90)",
                "First contacts between Ale and Kaufungen (1989–90)",
            ),
            (
                dt.date(1992, 1, 1),
                "year",
                "agreement",
                "Hösten 1992: vänortsförbindelsen undertecknas vid en högtidlighet i Kaufungen",
                "Autumn 1992: the twinning is signed at a ceremony in Kaufungen",
            ),
            (
                dt.date(1992, 1, 1),
                "year",
                "exchange",
                "Spontana utbyten inom kultur och föreningsliv börjar (1992–93)",
                "Cultural and association exchanges begin (1992–93)",
            ),
            (
                dt.date(1994, 5, 1),
                "month",
                "ceremony",
                "Förbindelsen bekräftas på Alemässan när Kaufungens kommunledning besöker Ale",
                "The twinning is confirmed at Alemässan during a visit by Kaufungen's leadership",
            ),
        ],
    },
    {
        "partner": "Bertinoro",
        "slug": "bertinoro",
        "first_contact": (dt.date(1996, 1, 1), "year"),
        "agreement_signed": (dt.date(2001, 1, 1), "year"),
        "history_sv": (
            "Sedan 1996 har Ale utvecklat ett samarbete med Bertinoro i Italien, och flera "
            "EU-projekt har genomförts mellan vänorterna. År 2001 skrevs vänortsavtalet i "
            "Bertinoro, och året därpå fastställdes det vid en ceremoni i Ale. Bertinoro har "
            "cirka 9 000 invånare och ligger i Emilia-Romagna."
        ),
        "history_en": (
            "Ale has cooperated with Bertinoro since 1996, with several EU projects between the "
            "two towns. The agreement was signed in Bertinoro in 2001 and confirmed at a "
            "ceremony in Ale in 2002. Bertinoro has about 9,000 inhabitants, in Emilia-Romagna."
        ),
        "events": [
            (
                dt.date(1996, 1, 1),
                "year",
                "first_contact",
                "Samarbetet med Bertinoro inleds",
                "Cooperation with Bertinoro begins",
            ),
            (
                dt.date(2001, 1, 1),
                "year",
                "agreement",
                "Vänortsavtalet skrivs i Bertinoro",
                "The twinning agreement is signed in Bertinoro",
            ),
            (
                dt.date(2002, 1, 1),
                "year",
                "ceremony",
                "Avtalet fastställs vid en ceremoni i Ale",
                "The agreement is confirmed at a ceremony in Ale",
            ),
        ],
    },
]

VIKINGA_NOTE = (
    STRATEGY_SOURCE + ": drygt 20 miljoner kronor inom Interreg och Mål 3. Perioden, "
    "kommunens roll och fördelningen mellan programmen och åren är exempel."
)

# "Några internationella kunskapsprojekt för ungdomar har varit Morgondagens Entreprenörer /
# Unga Entreprenörer i nya Europa. Detta i samarbete med Oxford Brookes University." That is
# all it says: not who led them, nor that one continued the other.
OXFORD_NOTE = (
    STRATEGY_SOURCE + ": ett kunskapsprojekt för ungdomar i samarbete med Oxford Brookes "
    "University. Perioden, programmet och rollerna är exempel."
)

# The projects and exchanges the strategy names. Money is in SEK as the strategy
# gives it. "orientations" are (area position, number).
NAMED_PROJECTS = [
    {
        "slug": "vikinga",
        "kind": "eu_project",
        "status": "completed",
        "title_sv": "Vikinga-projektet",
        "title_en": "The Vikinga project",
        "public_summary_sv": (
            "EU-projekt som enligt kommunens internationella strategi från 2006 har dragit "
            "till sig drygt 20 miljoner kronor inom Interreg och Mål 3."
        ),
        "public_summary_en": (
            "An EU project that, according to the municipality's international strategy of "
            "2006, drew over SEK 20 million from Interreg and Objective 3."
        ),
        "department": "Kommunstyrelseförvaltningen",
        "role": "owner",
        "start": dt.date(2002, 1, 1),
        "end": dt.date(2005, 12, 31),
        "programmes": ["Interreg III", "ESF Mål 3 (2000–2006)"],
        "themes": ["sysselsattning", "arbetsmarknad", "turism"],
        "target_groups": ["arbetssokande", "ungdomar"],
        "orientations": [(1, 1), (1, 3)],
        "eu_grants": [("Interreg III", 11_600_000), ("ESF Mål 3 (2000–2006)", 8_700_000)],
        # "dragit till sig": received, so the payments add up to the grants; how they
        # fall over the years is an example (see examples.payments).
        "eu_received": True,
        "receipt_note": (
            STRATEGY_SOURCE + ": drygt 20 miljoner kronor. Utbetalningarnas datum och "
            "fördelning är exempel."
        ),
        "source_note": VIKINGA_NOTE,
    },
    {
        "slug": "morgondagens-entreprenorer",
        "kind": "knowledge_cooperation",
        "status": "completed",
        "title_sv": "Morgondagens Entreprenörer",
        "title_en": "Tomorrow's Entrepreneurs",
        "public_summary_sv": (
            "Internationellt kunskapsprojekt för ungdomar, i samarbete med Oxford Brookes "
            "University."
        ),
        "public_summary_en": (
            "An international knowledge project for young people, in cooperation with "
            "Oxford Brookes University."
        ),
        "department": "Ale gymnasium",
        "role": "partner",
        "start": dt.date(2003, 1, 1),
        "end": dt.date(2004, 12, 31),
        "programmes": ["Leonardo da Vinci"],
        "themes": ["naringsliv", "utbildning", "barn-unga"],
        "target_groups": ["ungdomar", "elever"],
        "orientations": [(1, 4), (1, 6)],
        # "i samarbete med": a partner; the strategy does not say who led.
        "partners": [("Oxford Brookes University", "partner")],
        "source_note": OXFORD_NOTE,
    },
    {
        "slug": "unga-entreprenorer-i-nya-europa",
        "kind": "knowledge_cooperation",
        "status": "completed",
        "title_sv": "Unga Entreprenörer i nya Europa",
        "title_en": "Young Entrepreneurs in the New Europe",
        "public_summary_sv": (
            "Internationellt kunskapsprojekt för ungdomar, i samarbete med Oxford Brookes "
            "University."
        ),
        "public_summary_en": (
            "An international knowledge project for young people, in cooperation with "
            "Oxford Brookes University."
        ),
        "department": "Ale gymnasium",
        "role": "partner",
        "start": dt.date(2004, 8, 1),
        "end": dt.date(2005, 12, 31),
        "programmes": ["Leonardo da Vinci"],
        "themes": ["naringsliv", "utbildning", "barn-unga"],
        "target_groups": ["ungdomar", "elever"],
        "orientations": [(1, 4), (1, 6)],
        "partners": [("Oxford Brookes University", "partner")],
        "source_note": OXFORD_NOTE,
    },
    {
        "slug": "ruukki-elever-ale-gymnasium",
        "kind": "school_youth_exchange",
        "status": "ongoing",
        "title_sv": "Elever från Ruukki studerar på Ale gymnasium",
        "title_en": "Pupils from Ruukki study at Ale gymnasium",
        "public_summary_sv": (
            "Vid flera tillfällen sedan vänortsavtalet 1986 har elever från vänorten Ruukki i "
            "Finland studerat på Ale gymnasium."
        ),
        "public_summary_en": (
            "Several times since the 1986 twinning agreement, pupils from Ruukki in Finland "
            "have studied at Ale gymnasium."
        ),
        "department": "Ale gymnasium",
        "role": "participant",
        "programmes": ["Egna medel"],
        "themes": ["utbildning", "barn-unga"],
        "target_groups": ["elever", "ungdomar"],
        "orientations": [(1, 6), (2, 5)],
        "partners": [("Ruukki", "partner")],
        "source_note": STRATEGY_SOURCE + ". Datum anges inte i strategin.",
    },
    {
        "slug": "kaufungen-kultur-foreningsliv",
        "kind": "twin_town_exchange",
        "status": "ongoing",
        "title_sv": "Kultur- och föreningsutbyte med Kaufungen",
        "title_en": "Cultural and association exchange with Kaufungen",
        "public_summary_sv": (
            "Redan 1992–93 växte spontana utbyten fram mellan kultur- och föreningslivet i Ale "
            "och vänorten Kaufungen. De har sedan utvecklats vidare."
        ),
        "public_summary_en": (
            "Spontaneous exchanges between cultural life and associations in Ale and Kaufungen "
            "began in 1992–93 and have grown since."
        ),
        "department": "Kultur- och fritidsförvaltningen",
        "role": "partner",
        "start": dt.date(1992, 1, 1),
        "programmes": ["Egna medel"],
        "themes": ["kultur"],
        "target_groups": ["foreningar", "invanare"],
        "orientations": [(1, 5), (2, 4)],
        "partners": [("Kaufungen", "partner")],
        "source_note": STRATEGY_SOURCE + ". Startår enligt strategin (1992–93).",
    },
    {
        "slug": "kaufungen-naringsliv",
        "kind": "twin_town_exchange",
        "status": "ongoing",
        "title_sv": "Näringslivskontakter med Kaufungen",
        "title_en": "Business contacts with Kaufungen",
        "public_summary_sv": (
            "På senare tid har även näringslivet involverats i vänortsutbytet med Kaufungen i "
            "den industriellt dynamiska Kasselregionen."
        ),
        "public_summary_en": (
            "Business has recently joined the twin-town exchange with Kaufungen in the "
            "industrially dynamic Kassel region."
        ),
        "department": "Kommunstyrelseförvaltningen",
        "role": "partner",
        "start": dt.date(2004, 1, 1),
        "programmes": ["Egna medel"],
        "themes": ["naringsliv"],
        "target_groups": ["foretagare"],
        "orientations": [(1, 4), (2, 3)],
        "partners": [("Kaufungen", "partner")],
        "source_note": STRATEGY_SOURCE + ". Startåret är ett exempel.",
    },
    {
        "slug": "west-sweden",
        "kind": "network_membership",
        "status": "ongoing",
        "title_sv": "Medlemskap i West Sweden",
        "title_en": "Membership of West Sweden",
        "public_summary_sv": (
            "Medlemskapet i West Sweden ger information, kunskap, utbildning och tillgång till "
            "ett brett internationellt nätverk, och har ökat möjligheterna att ta tillvara "
            "EU:s program."
        ),
        "public_summary_en": (
            "Membership of West Sweden gives information, knowledge, training and a broad "
            "international network, and has widened access to EU programmes."
        ),
        "department": "Kommunstyrelseförvaltningen",
        "role": "participant",
        "programmes": ["Egna medel"],
        "themes": ["naringsliv", "utbildning"],
        "target_groups": ["personal", "fortroendevalda"],
        "orientations": [(1, 2), (1, 3)],
        "partners": [("West Sweden", "partner")],
        "source_note": STRATEGY_SOURCE + ".",
    },
    {
        "slug": "gr-internationellt",
        "kind": "network_membership",
        "status": "ongoing",
        "title_sv": "Internationellt samarbete inom Göteborgsregionen (GR)",
        "title_en": "International cooperation within the Gothenburg Region (GR)",
        "public_summary_sv": (
            "Kommunen tillvaratar det stöd och den stimulans som medlemskapet i "
            "Göteborgsregionens kommunalförbund ger det internationella arbetet."
        ),
        "public_summary_en": (
            "The municipality uses the support that membership of the Gothenburg Region "
            "association of local authorities gives its international work."
        ),
        "department": "Kommunstyrelseförvaltningen",
        "role": "participant",
        "programmes": ["Egna medel"],
        "themes": ["naringsliv"],
        "target_groups": ["personal"],
        "orientations": [(1, 1)],
        "partners": [("Göteborgsregionens kommunalförbund (GR)", "partner")],
        "source_note": STRATEGY_SOURCE + ".",
    },
]

# "Arbetsmarknadsenheten har i olika projekt lyckats att få sig tilldelade ca 7
# EU-miljoner." The sum is the strategy's; the projects that make it up are examples.
LABOUR_MARKET_NOTE = (
    STRATEGY_SOURCE + ": Arbetsmarknadsenheten har fått cirka 7 miljoner kronor i EU-medel. "
    "Projektet och fördelningen är exempel."
)
LABOUR_MARKET_PROJECTS = [
    (
        "ame-vagen-till-arbete",
        "Exempel: Vägen till arbete",
        "Example: The road to work",
        "ESF Mål 3 (2000–2006)",
        dt.date(2000, 1, 1),
        dt.date(2002, 12, 31),
        3_100_000,
    ),
    (
        "ame-ny-start",
        "Exempel: Ny start i Ale",
        "Example: A new start in Ale",
        "ESF Mål 3 (2000–2006)",
        dt.date(2002, 1, 1),
        dt.date(2004, 6, 30),
        2_400_000,
    ),
    (
        "ame-kompetens-i-arbete",
        "Exempel: Kompetens i arbete",
        "Example: Skills at work",
        "EQUAL",
        dt.date(2003, 1, 1),
        dt.date(2005, 6, 30),
        1_500_000,
    ),
]

# "Redan 1998 medverkade vi i ett 20-tal projekt med en intäkt på c:a 8 miljoner kronor."
# Twenty example projects whose EU payments received in 1998 sum to exactly 8,000,000 SEK.
EU_1998_TOTAL_SEK = 8_000_000
EU_1998_PROJECT_COUNT = 20
EU_1998_PROGRAMMES = ["Interreg II", "ESF Mål 3 (1995–1999)", "Leonardo da Vinci"]
EU_1998_NOTE = (
    STRATEGY_SOURCE + ": 1998 deltog kommunen i ett 20-tal EU-projekt med en intäkt på cirka "
    "8 miljoner kronor. Projektet och beloppet är exempel; summan för 1998 är strategins."
)

STAFF_TIME_RATE_BASIS = "Exempel: påhittad timkostnad för egen personal."

# The statement describes this software as it is tested here; the contact is an example.
# Its dates are the statement's own (the automated checks it describes were set up on
# 26 November 2026), not the day the demo happens to be loaded.
ACCESSIBILITY_STATEMENT_UPDATED_AT = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
ACCESSIBILITY_STATEMENT = {
    "assessed_on": dt.date(2026, 11, 26),
    "compliance": "partial",
    # The known gaps and the method are the software's own (public/models.py defaults).
    "feedback_email": "webb@example.se",
}
