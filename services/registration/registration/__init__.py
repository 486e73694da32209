"""Registration: units, teams, eligibility, projects and their materials."""
