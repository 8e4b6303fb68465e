#!/usr/bin/env bash
# Web + Celery worker + beat, stopped together on Ctrl-C.
set -uo pipefail
PORT="${PORT:-8000}"
# The settings read PORT: without PORTAL_BASE_URL, QR codes and e-mailed links point here.
export PORT
PY="${PYTHON:-.venv/bin/python}"
CELERY="$(dirname "$PY")/celery"
# Logs beside the embedded data (VAR_DIR, default var/).
VAR="${VAR_DIR:-var}"
mkdir -p "$VAR/celery" "$VAR/log"
# DEBUG off, as deployed: an unknown address shows the portal's own 404 page, not the list of
# every route (static files are still served, by WhiteNoise). DEBUG=1 make run for development.
export DEBUG="${DEBUG:-0}"

pids=()
alive() {
  local pid
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping web, worker and beat..."
  # TERM each main process: the worker finishes the task in hand (a warm shutdown) and stops
  # its pool; runserver and beat stop at once.
  local pid _
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 60); do
    alive || break
    sleep 0.5
  done
  # Still running after 30 s (a task that does not end): killed, with the worker's pool.
  if alive; then
    echo "Killing what did not stop in 30 s."
    for pid in "${pids[@]}"; do
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    done
  fi
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped."
  exit 0
}
trap stop INT TERM EXIT

"$CELERY" -A config worker --loglevel=INFO --concurrency=2 --hostname="award-worker@%h" \
  --logfile="$VAR/log/worker.log" &
pids+=($!)
# The schedule is in the database (CELERY_BEAT_SCHEDULER): change it in the admin.
"$CELERY" -A config beat --loglevel=INFO --logfile="$VAR/log/beat.log" &
pids+=($!)
"$PY" manage.py print_demo_logins || true
echo "Worker and beat log to $VAR/log/ (e-mails are printed there: tail -f $VAR/log/worker.log)."
echo "Portal: http://127.0.0.1:${PORT}/   (Ctrl-C stops web, worker and beat; DEBUG=${DEBUG})"
"$PY" manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)
wait -n "${pids[@]}"
stop
