# Shared by bench/router.sh, bench/loadgen.sh and bench/saturation.sh (sourced, not run): the tools they need,
# free ports, the nginx upstreams, the machine line and the runtime's classpath.

# need_tools TOOL...: installs the Debian packages behind missing tools (apt-get, as root), or exits 2.
need_tools() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ((${#missing[@]} == 0)) && return 0
  local packages=()
  for tool in "${missing[@]}"; do
    case "$tool" in nginx) packages+=(nginx-light) ;; *) packages+=("$tool") ;; esac
  done
  echo "== installing ${packages[*]} (apt-get)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"; } >/dev/null 2>&1 || true
  for tool in "${missing[@]}"; do
    [[ -x "$(command -v "$tool" || true)" || -x "/usr/sbin/$tool" ]] \
      || { echo "$(basename "$0"): $tool is missing and could not be installed with apt-get" >&2; exit 2; }
  done
}

# free_port: a TCP port on 127.0.0.1 nobody listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# machine_line: cores, memory, JDK, load average now (the benchmark contract's machine line).
machine_line() {
  local mem
  mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "$(nproc) cores, $mem memory, $(java -version 2>&1 | head -1 | tr -d '"'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
}

# runtime_classpath ROOT: builds the CLI jar if stale (as ./cutover does) and prints a classpath with the runtime.
runtime_classpath() {
  local root="$1"
  "$root/cutover" --version >/dev/null || { echo "$(basename "$0"): the build failed" >&2; exit 2; }
  echo "$root/local/cli/target/cutover-cli.jar"
}

# start_nginx DIR BLUE_PORT GREEN_PORT: two trivial upstreams (small bodies, keep-alive) as blue (v1) and green (v2).
start_nginx() {
  local dir="$1"
  mkdir -p "$dir"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  server { listen 127.0.0.1:$2; location / { add_header X-App-Version v1; return 200 "blue\n"; } }
  server { listen 127.0.0.1:$3; location / { add_header X-App-Version v2; return 200 "green\n"; } }
}
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -c "$dir/nginx.conf" -p "$dir" \
    || { echo "$(basename "$0"): nginx did not start" >&2; exit 2; }
}

stop_nginx() {
  local dir="$1"
  [[ -f "$dir/nginx.pid" ]] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
}

# wait_port PORT: waits up to 30 s for a listener on 127.0.0.1:PORT.
wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
