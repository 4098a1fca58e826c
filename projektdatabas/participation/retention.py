"""How long an interest registration is kept: the one place both the privacy notice
(/personuppgifter/) and the daily job (purge_interest) read, so they cannot disagree.

A registration is a resident's name and contact details given for one purpose, to be
contacted about one project: under GDPR's storage limitation (art. 5.1 e) it is kept only
as long as that purpose needs, whichever of these comes first:"""

import datetime as dt

# After the project has ended, the contact it was given for is no longer needed.
DAYS_AFTER_PROJECT_END = 90
# And never longer than this after the registration, however long the project runs.
DAYS_AFTER_REGISTRATION = 365


def removal_cutoffs(today: dt.date) -> tuple[dt.date, dt.date]:
    """(project ended before, registered before): a registration is removed once its
    project ended before the first day, or it was made before the second."""
    return (
        today - dt.timedelta(days=DAYS_AFTER_PROJECT_END),
        today - dt.timedelta(days=DAYS_AFTER_REGISTRATION),
    )
