"""The words every service and the gateway share (DOMAIN.md, glossary): defined here once."""

# Roles. An applicant has no home tenant; an expert and a station admin have one; the
# committee and operators act in every tenant of an edition.
APPLICANT = "applicant"
EXPERT = "expert"
STATION_ADMIN = "station_admin"
COMMITTEE = "committee"
OPERATOR = "operator"
ROLES = (APPLICANT, EXPERT, STATION_ADMIN, COMMITTEE, OPERATOR)
NATIONAL_ROLES = (COMMITTEE, OPERATOR)
STAFF = (STATION_ADMIN, COMMITTEE, OPERATOR)  # who runs a station's contest or watches it
EVERYONE = ROLES  # every signed-in account

# Tenants: a station's local contest, or the national committee's.
STATION, NATIONAL = "station", "national"
TENANT_KINDS = (STATION, NATIONAL)
EDITION_PATTERN = r"^\d{4}$"  # an edition is known by its year
TENANT_PATTERN = r"^\d{4}-[a-z][a-z0-9-]{1,48}$"  # e.g. 2023-ningbo

# Groups (组别): each stage ranks them apart.
LEADING, EMERGING = "leading", "emerging"
GROUPS = (LEADING, EMERGING)

# Languages: Chinese first.
DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")

# The five tracks (赛题方向) of the 2023 edition (001), by code; names live with registration.
TRACKS = ("quality", "servitization", "industrial-brain", "supply-chain", "green")

# A track's code, as editions define their own: e.g. industrial-brain.
TRACK_PATTERN = r"^[a-z][a-z0-9-]{1,38}$"

# An expert's kind (001, 002: a panel of 13 is 10 industry experts and 3 investors).
EXPERT_KINDS = ("industry", "investment")

# Stages whose materials are cut off and judged as they stood (001): the station's local stage,
# the semi-final and the final.
LOCAL, SEMI_FINAL, FINAL = "local", "semi-final", "final"
STAGES = (LOCAL, SEMI_FINAL, FINAL)

# How a unit relates to a station's organiser (001: subsidiaries, branches, holding or parent
# companies of an organiser may not compete at its station).
AFFILIATIONS = ("parent", "subsidiary", "branch", "holding")

# Participating units.
UNIT_KINDS = ("software", "industrial", "university", "other")

# Submission materials (001): application form, proofs, slides, video, other.
# The prizes of the final (001, 004) that bar a project from every later edition.
PRIZES = ("first", "second", "third")
MATERIAL_KINDS = ("application-form", "proof", "slides", "video", "other")

# A project version in review: awaiting -> completed, or superseded by a newer version.
AWAITING, COMPLETED, SUPERSEDED = "awaiting", "completed", "superseded"
WITHDRAWN = "withdrawn"  # the team was disqualified: its versions are not reviewed
REVIEW_STATUSES = (AWAITING, COMPLETED, SUPERSEDED, WITHDRAWN)

# A station's review rounds (002), each with its rubric and its window for scoring.
ROUND_KINDS = ("online-review", "online-roadshow", "offline-roadshow", "semi-final", "final")
ROUND_PATTERN = r"^[a-z][a-z0-9-]{1,38}$"  # a round's code, e.g. online-review
# A round is scheduled until it opens, open until it closes (at its closing time, or earlier by hand).
SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"

# Services that keep an audit record.
AUDITED_SERVICES = ("registration", "review", "ranking", "notify")
