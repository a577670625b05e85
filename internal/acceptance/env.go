package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// adminToken is the fixed admin token of every checkins process.
const adminToken = "acceptance-admin-token-0123456789"

// env is the running system under test: Redis, the fake and the replicas.
type env struct {
	dir         string
	checkinsBin string
	redisURL    string
	creds       string
	endpoint    string // Calendar API base, ends in "/"
	fakeURL     string // fake base URL (control API under /_fake/)
	serve       []*serveProc
	aAgreement  string // set by scenario A, used by B

	mu    sync.Mutex
	procs []*exec.Cmd
	http  *http.Client
}

// serveProc is one `checkins serve` replica.
type serveProc struct {
	base string
	cmd  *exec.Cmd
}

// freePort returns a currently free 127.0.0.1 port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startEnv starts redis-server, the fake and two serve replicas.
func startEnv(ctx context.Context, dir, checkinsBin, fakeBin, redisBin string) (*env, error) {
	e := &env{dir: dir, checkinsBin: checkinsBin, http: &http.Client{
		Timeout:   60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256},
	}}
	port, err := freePort()
	if err != nil {
		return e, err
	}
	if _, err := e.spawn(redisBin, nil, filepath.Join(dir, "redis.log"),
		"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"); err != nil {
		return e, err
	}
	e.redisURL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	if err := waitTCP(ctx, fmt.Sprintf("127.0.0.1:%d", port)); err != nil {
		return e, fmt.Errorf("redis: %w", err)
	}
	e.creds = filepath.Join(dir, "sa.json")
	seed := filepath.Join(dir, "busy.json")
	if err := writeBusySeed(seed, time.Now()); err != nil {
		return e, err
	}
	fakeLog := filepath.Join(dir, "fakegoogle.log")
	if _, err := e.spawn(fakeBin, nil, fakeLog, "-addr", "127.0.0.1:0", "-credentials", e.creds, "-busy", seed); err != nil {
		return e, err
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && (e.endpoint == "" || e.fakeURL == ""); {
		time.Sleep(50 * time.Millisecond)
		data, _ := os.ReadFile(fakeLog)
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) == 2 && f[0] == "endpoint" {
				e.endpoint = f[1]
			}
			if len(f) == 2 && f[0] == "control" {
				e.fakeURL = strings.TrimSuffix(f[1], "/_fake/stats")
			}
		}
	}
	if e.endpoint == "" || e.fakeURL == "" {
		return e, errors.New("fakegoogle did not print its endpoint and control lines")
	}
	for i := range 2 {
		p, err := e.startServe(ctx, i)
		if err != nil {
			return e, err
		}
		e.serve = append(e.serve, p)
	}
	fmt.Printf("setup: redis %s, fake %s, replicas %s %s\n\n", e.redisURL, e.endpoint, e.serve[0].base, e.serve[1].base)
	return e, nil
}

// baseEnv is the environment of every checkins process.
func (e *env) baseEnv() []string {
	return append(os.Environ(),
		"CHECKINS_CALENDAR=google",
		"CHECKINS_GOOGLE_CREDENTIALS="+e.creds,
		"CHECKINS_GOOGLE_ENDPOINT="+e.endpoint,
		"CHECKINS_REDIS_URL="+e.redisURL,
		"CHECKINS_ADMIN_TOKEN="+adminToken,
		"CHECKINS_TOKEN_SECRET=acceptance-token-secret-0123456789abcdef",
	)
}

// startServe starts replica i and waits for /healthz.
func (e *env) startServe(ctx context.Context, i int) (*serveProc, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	env := append(e.baseEnv(), fmt.Sprintf("CHECKINS_ADDR=127.0.0.1:%d", port))
	cmd, err := e.spawn(e.checkinsBin, env, filepath.Join(e.dir, fmt.Sprintf("serve-%d.log", i)), "serve")
	if err != nil {
		return nil, err
	}
	p := &serveProc{base: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if st, _, err := e.do(ctx, http.MethodGet, p.base+"/healthz", nil, nil); err == nil && st == http.StatusOK {
			return p, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return nil, fmt.Errorf("serve %d: /healthz not ready in 20s (log %s)", i, cmd.Stdout)
}

// spawn starts a child with output to logPath.
func (e *env) spawn(bin string, env []string, logPath string, args ...string) (*exec.Cmd, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = f, f
	if err := e.startCmd(cmd); err != nil {
		return nil, err
	}
	return cmd, nil
}

// startCmd starts cmd in its own process group and records it for close.
func (e *env) startCmd(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	e.mu.Lock()
	e.procs = append(e.procs, cmd)
	e.mu.Unlock()
	go func() { _ = cmd.Wait() }()
	return nil
}

// close kills every child this harness started.
func (e *env) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.procs {
		if c.Process != nil {
			_ = c.Process.Kill()
		}
	}
}

// waitTCP waits up to 10 s for addr to accept connections.
func waitTCP(ctx context.Context, addr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			return c.Close()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s not accepting connections", addr)
}
