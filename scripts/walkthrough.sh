set -euo pipefail   # stop at the first refusal
G=${G:-http://127.0.0.1:8000}   # the gateway
VAR=${VAR:-var}                 # where `make run` keeps its data (mails in $VAR/mail)

# api METHOD PATH [curl options]: the answer on stdout; a refusal on stderr, and a failure
api() { local out; out=$(curl -sS --fail-with-body -X "$1" "$G$2" "${@:3}") \
          || { echo "refused: $1 $2 -> $out" >&2; return 1; }; printf '%s\n' "$out"; }
token() { api POST /api/auth/token -H 'Content-Type: application/json' \
            -d "{\"username\":\"$1\",\"password\":\"demo-pass-2023\"}" | jq -er .token; }
# wait_for PATH TOKEN TEST: events take a moment to travel; poll until the answer passes the jq TEST
wait_for() { for _ in $(seq 100); do api GET "$1" -H "Authorization: Bearer $2" | jq -e "$3" >/dev/null \
               && return; sleep 0.1; done; echo "still waiting on $1" >&2; return 1; }
TEAM=$(token team-demo)

# 1. A team registers at the Ningbo station; its group is decided from the unit's size. The
#    Idempotency-Key makes this safe to run again: the same key answers with the same team.
TEAM_ID=$(api POST /api/tenants/2023-ningbo/teams -H "Authorization: Bearer $TEAM" \
  -H 'Content-Type: application/json' -H 'Idempotency-Key: readme-yongjiang-team' \
  -d '{"name":"甬江智造","track":"industrial-brain",
       "unit":{"name":"宁波甬江智能科技有限公司","uscc":"91330200MA2H00001W","kind":"software",
               "staff":120,"revenue_cny":30000000},
       "contact":{"name":"李雷","email":"lilei@example.com"}}' | jq -er .id)
echo "team $TEAM_ID"

# 2. It sends its slides straight to storage: it announces the file (size, SHA-256), PUTs the bytes
#    to the presigned URL it is given, and confirms; registration checks what arrived and records
#    the next version of its slides. Then it describes its project, twice: each confirm and each
#    description is a new project version, and the last one before the stage's cut-off is judged.
printf '%%PDF-1.4\n%% 甬江智造 路演\n' > "$VAR/roadshow.pdf"
UPLOAD=$(api POST "/api/tenants/2023-ningbo/teams/$TEAM_ID/uploads" -H "Authorization: Bearer $TEAM" \
  -H 'Content-Type: application/json' -d "{\"kind\":\"slides\",\"filename\":\"路演.pdf\",
    \"content_type\":\"application/pdf\",\"size\":$(stat -c %s "$VAR/roadshow.pdf"),
    \"sha256\":\"$(sha256sum "$VAR/roadshow.pdf" | cut -d' ' -f1)\"}")
curl -sS --fail-with-body -X PUT "$(jq -er .url <<<"$UPLOAD")" -H 'Content-Type: application/pdf' \
  --data-binary @"$VAR/roadshow.pdf"
api POST "/api/tenants/2023-ningbo/teams/$TEAM_ID/uploads/$(jq -er .id <<<"$UPLOAD")/confirm" \
  -H "Authorization: Bearer $TEAM" | jq -c '{kind, version, size, stage}'
submit() { api POST "/api/tenants/2023-ningbo/teams/$TEAM_ID/submissions" -H "Authorization: Bearer $TEAM" \
             -H 'Content-Type: application/json' -d '{"title":"注塑质量优化","summary":"工业大脑优化注塑工艺"}'; }
PROJECT_ID=$(submit | jq -er .project_id)
VERSION=$(submit | jq -er .version)
echo "project $PROJECT_ID, version $VERSION submitted"

# 3. Experts see that version awaiting review and score it; the third sheet completes the review.
EXPERT=$(token expert1-ningbo)
THIS="any(.[]; .project_id == \"$PROJECT_ID\" and .version == $VERSION)"
wait_for /api/tenants/2023-ningbo/reviews "$EXPERT" "$THIS"
for e in expert1-ningbo expert2-ningbo expert3-ningbo; do
  api POST "/api/tenants/2023-ningbo/projects/$PROJECT_ID/score-sheets" -H "Authorization: Bearer $(token $e)" \
    -H 'Content-Type: application/json' -d '{"technical":88,"application":85.5,"commercial":80,"defence":90}' \
    | jq -c '{version, total, review_completed}'
done

# 4. The station's ranking, for its administrator; a Beijing admin is refused (403).
ADMIN=$(token admin-ningbo)
wait_for /api/tenants/2023-ningbo/ranking "$ADMIN" "$THIS"
api GET /api/tenants/2023-ningbo/ranking -H "Authorization: Bearer $ADMIN" | jq -c '.[] | {place, title, score}'
curl -s -o /dev/null -w 'Beijing admin: %{http_code}\n' "$G/api/tenants/2023-ningbo/ranking" \
  -H "Authorization: Bearer $(token admin-beijing)"

# 5. What the team was told: its inbox in Chinese, or English; and the mails in $VAR/mail.
wait_for "/api/tenants/2023-ningbo/teams/$TEAM_ID/inbox" "$TEAM" 'any(.[]; .cause == "ranking-updated")'
api GET "/api/tenants/2023-ningbo/teams/$TEAM_ID/inbox" -H "Authorization: Bearer $TEAM" | jq -r '.[0].subject'
api GET "/api/tenants/2023-ningbo/teams/$TEAM_ID/inbox?lang=en" -H "Authorization: Bearer $TEAM" \
  | jq -r '.[0].subject'
echo "$(ls "$VAR/mail" | wc -l) mails in $VAR/mail"
