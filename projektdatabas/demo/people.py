"""Demo accounts, one per role, and an example delegation order. Demo database only:
the loader refuses to run in production. All names and addresses are invented."""

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
DELEGATIONS = [
    ("KS", "Kommundirektör", Decimal("250000"), "Exempel: punkt 3.4"),
    ("UN", "Förvaltningschef, utbildningsförvaltningen", Decimal("100000"), "Exempel: punkt 2.1"),
    ("KFN", "Förvaltningschef, kultur och fritid", Decimal("100000"), "Exempel: punkt 2.3"),
    ("OAN", "Förvaltningschef, omsorg och arbetsmarknad", Decimal("150000"), "Exempel: punkt 4.2"),
]
