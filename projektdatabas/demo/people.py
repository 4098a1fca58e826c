"""Demo accounts, one per role, and an example delegation order. Demo database only:
the loader refuses to run in production. All names and addresses are invented."""

import datetime as dt
from decimal import Decimal

# One password for every demo account, so a tester can try each role; 12+ characters
# and not a common password, like any other.
DEMO_PASSWORD = "ale-demo-2026-konto"  # noqa: S105 (demo database only)

# The demo administrator's TOTP key (base32), printed by `make demo` so a tester can add
# it to an authenticator app. A real administrator gets a random key at first sign-in.
DEMO_ADMIN_TOTP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# (username, first name, last name, role, department or committee or None)
DEMO_USERS = [
    ("samordnare", "Sara", "Samordnare", "coordinator", None),
    ("utbildning", "Ulf", "Utbildare", "department_rep", "Utbildningsförvaltningen"),
    ("kultur", "Karin", "Kulturell", "department_rep", "Kultur- och fritidsförvaltningen"),
    ("arbetsmarknad", "Amir", "Arbetsmarknad", "department_rep", "Arbetsmarknadsenheten"),
    ("sekreterare-ks", "Stina", "Sekreterare", "committee_secretary", "KS"),
    ("sekreterare-un", "Sven", "Sekreterare", "committee_secretary", "UN"),
    ("lasare", "Lena", "Läsare", "reader", None),
    ("admin", "Adam", "Administratör", "administrator", None),
]

# Example delegation order (not Ale's real one): (committee, delegate, limit in SEK or None).
# Taken to apply from the strategy of January 2006, which first says "enligt
# delegationsordning"; decisions before it are the committees' own.
DELEGATIONS_VALID_FROM = dt.date(2006, 1, 1)
DELEGATIONS = [
    ("KS", "Kommundirektör", Decimal("250000"), "Exempel: punkt 3.4"),
    ("UN", "Förvaltningschef, utbildningsförvaltningen", Decimal("100000"), "Exempel: punkt 2.1"),
    ("KFN", "Förvaltningschef, kultur och fritid", Decimal("100000"), "Exempel: punkt 2.3"),
    ("OAN", "Förvaltningschef, omsorg och arbetsmarknad", Decimal("150000"), "Exempel: punkt 4.2"),
]

# An example action plan (invented; Ale's real plans are not in the strategy document).
# Measures: (orientation (area, number), department, deadline, status, progress,
# indicator, target, text in Swedish, text in English).
EXAMPLE_PLAN = {
    "title": "Exempel: Handlingsplan för internationellt arbete",
    "starts_on": "2025-01-01",
    "ends_on": "2026-12-31",
    "adopted_on": "2025-02-10",
    "decision_reference": "KS 2025/14",
}
EXAMPLE_MEASURES = [
    (
        (1, 1),
        "Kommunstyrelseförvaltningen",
        "2025-06-30",
        "done",
        100,
        "Antal förvaltningar med utsedd representant",
        "Alla förvaltningar",
        "Utse en representant per förvaltning i samordningsgruppen för internationellt arbete.",
        "Appoint one representative per department to the coordination group for international "
        "work.",
    ),
    (
        (1, 2),
        "Kommunstyrelseförvaltningen",
        "2026-06-30",
        "ongoing",
        40,
        "Antal utbildade förtroendevalda och anställda",
        "60 personer",
        "Erbjuda förtroendevalda och personal en utbildning om EU:s program och fonder.",
        "Offer elected representatives and staff a course on the EU's programmes and funds.",
    ),
    (
        (1, 3),
        "Omsorgs- och arbetsmarknadsförvaltningen",
        "2026-12-31",
        "ongoing",
        55,
        "Antal ansökningar till EU-program",
        "4 ansökningar",
        "Söka EU-medel för minst fyra utvecklingsprojekt under perioden.",
        "Apply for EU funding for at least four development projects during the period.",
    ),
    (
        (1, 4),
        "Samhällsbyggnadsförvaltningen",
        "2026-09-30",
        "not_started",
        0,
        "Antal företag i utbyten",
        "10 företag",
        "Ordna ett näringslivsutbyte med Kaufungen tillsammans med lokala företag.",
        "Arrange a business exchange with Kaufungen together with local companies.",
    ),
    (
        (1, 5),
        "Kommunstyrelseförvaltningen",
        "2025-12-31",
        "postponed",
        20,
        "Publicerade projekt i projektdatabasen",
        "Alla pågående projekt",
        "Publicera alla internationella projekt i den öppna projektdatabasen.",
        "Publish every international project in the open project database.",
    ),
    (
        (1, 6),
        "Utbildningsförvaltningen",
        "2026-06-15",
        "ongoing",
        70,
        "Antal elever i utbyten",
        "120 elever",
        "Genomföra elevutbyten med Ruukki och Bertinoro varje läsår.",
        "Hold pupil exchanges with Ruukki and Bertinoro every school year.",
    ),
    (
        (2, 1),
        "Kommunstyrelseförvaltningen",
        "2025-10-31",
        "done",
        100,
        "Genomförda möten",
        "Ett möte per vänort",
        "Bjuda in vänorternas kommunledningar till ett gemensamt möte i Ale.",
        "Invite the twin towns' municipal leaders to a joint meeting in Ale.",
    ),
    (
        (2, 2),
        "Kultur- och fritidsförvaltningen",
        "2026-08-31",
        "cancelled",
        0,
        "Antal föreningar i utbyten",
        "5 föreningar",
        "Starta ett föreningsutbyte inom idrott med Bertinoro.",
        "Start an exchange between sports associations with Bertinoro.",
    ),
]
# The departments' comments on two of the late measures (the other two have none, as
# happens): what the half-year report and the public plan page show beside them.
EXAMPLE_PROGRESS_NOTES = {
    2: "Exempel: Utbildningen flyttades till våren 2027 när EU:s nya programperiod är känd.",
    5: "Exempel: Väntar på att alla förvaltningar har registrerat sina projekt.",
}
