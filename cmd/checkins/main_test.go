package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mentorship/checkins/calendar/fakegoogle"
	"github.com/mentorship/checkins/internal/redistest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// process is one run of `checkins serve` inside the test.
type process struct {
	base   string
	token  string
	stdout *syncBuffer
	stop   func() int
}

// start runs `checkins serve` on a free port and waits for /healthz.
func start(t *testing.T, env map[string]string) *process {
	t.Helper()
	env["CHECKINS_ADDR"] = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, stdout, stderr) }()
	p := &process{stdout: stdout, token: env["CHECKINS_ADMIN_TOKEN"]}
	var once sync.Once
	code := -1
	p.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(15 * time.Second):
				t.Errorf("serve did not stop within 15 s")
			}
		})
		return code
	}
	t.Cleanup(func() { p.stop() })
	listening := regexp.MustCompile(`listening on (http://\S+)`)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case c := <-done:
			t.Fatalf("serve exited with %d before listening; stderr:\n%s", c, stderr.String())
		default:
		}
		if m := listening.FindStringSubmatch(stdout.String()); m != nil && p.base == "" {
			p.base = m[1]
		}
		if p.base != "" {
			if res, err := http.Get(p.base + "/healthz"); err == nil {
				_ = res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return p
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("serve did not become healthy; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	return nil
}

func (p *process) call(t *testing.T, method, path string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.base+path, r)
	req.Header.Set("Authorization", "Bearer "+p.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return res.StatusCode, m, res.Header
}

func TestServeDemoDefault(t *testing.T) {
	t.Parallel()
	p := start(t, map[string]string{})
	out := p.stdout.String()
	m := regexp.MustCompile(`curl -s -H "Authorization: Bearer ([0-9a-f]{32})" '(\S+)'`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no admin token and curl line printed:\n%s", out)
	}
	p.token = m[1]
	status, body, hdr := p.call(t, "GET", strings.TrimPrefix(m[2], p.base), nil)
	if status != http.StatusOK {
		t.Fatalf("the printed curl line answered %d: %v", status, body)
	}
	if slots, _ := body["slots"].([]any); len(slots) < 3 {
		t.Errorf("the sample agreement has %d proposals, want at least 3: %v", len(slots), body)
	}
	if hdr.Get("Cache-Status") == "" {
		t.Errorf("no Cache-Status header")
	}
	if code := p.stop(); code != exitOK {
		t.Errorf("serve exited %d after SIGTERM-equivalent, want 0", code)
	}
}

func TestServeRejectsBadConfiguration(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve"}, func(k string) string {
		return map[string]string{"CHECKINS_CALENDAR": "outlook"}[k]
	}, io.Discard, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "CHECKINS_CALENDAR") {
		t.Errorf("run = %d, stderr %q; want exit 2 naming CHECKINS_CALENDAR", code, stderr.String())
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if code := run(context.Background(), []string{"version"}, func(string) string { return "" }, &out, io.Discard); code != 0 || !strings.HasPrefix(out.String(), "checkins ") {
		t.Errorf("version: code %d, output %q", code, out.String())
	}
}

// TestServeGoogleAndRedis runs the service on the Google calendar (the
// real client against the fake server) and Redis: proposals avoid the
// seeded busy time, a repeated read costs Google nothing, and people and
// agreements survive a restart.
func TestServeGoogleAndRedis(t *testing.T) {
	t.Parallel()
	fake, err := fakegoogle.New(fakegoogle.Options{})
	if err != nil {
		t.Fatalf("start the fake Google server: %v", err)
	}
	t.Cleanup(fake.Close)
	creds := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(creds, fake.CredentialsJSON(), 0o600); err != nil {
		t.Fatal(err)
	}
	// Database 9 is this test's alone; the store's keys are not prefixed per test.
	opts, err := redis.ParseURL(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	opts.DB = 9
	client := redis.NewClient(opts)
	t.Cleanup(func() { _ = client.Close() })
	if err := client.FlushDB(context.Background()).Err(); err != nil {
		t.Fatalf("flush test database: %v", err)
	}
	redisURL := "redis://" + opts.Addr + "/9"

	// Busy every weekday morning of the next three weeks, 09:00-10:00 New York.
	ny, _ := time.LoadLocation("America/New_York")
	today := time.Now().In(ny)
	var busy [][2]time.Time
	for d := 0; d < 21; d++ {
		day := time.Date(today.Year(), today.Month(), today.Day()+d, 9, 0, 0, 0, ny)
		busy = append(busy, [2]time.Time{day, day.Add(time.Hour)})
		fake.AddBusy("alex.chen@example.com", day, day.Add(time.Hour))
	}
	env := map[string]string{
		"CHECKINS_CALENDAR": "google", "CHECKINS_GOOGLE_CREDENTIALS": creds, "CHECKINS_GOOGLE_ENDPOINT": fake.Endpoint(),
		"CHECKINS_REDIS_URL": redisURL, "CHECKINS_ADMIN_TOKEN": "e2e-admin-token-0123456789",
	}
	p := start(t, env)
	status, mentor, _ := p.call(t, "POST", "/v1/people", map[string]any{
		"email": "alex.chen@example.com", "name": "Alex Chen", "time_zone": "America/New_York",
		"calendar_id": "alex.chen@example.com", "min_notice_hours": 1,
	})
	if status != http.StatusCreated {
		t.Fatalf("create mentor: %d %v", status, mentor)
	}
	status, mentee, _ := p.call(t, "POST", "/v1/people", map[string]any{
		"email": "sam.rivera@example.com", "name": "Sam Rivera", "time_zone": "America/Chicago", "calendar_id": "sam.rivera@example.com",
	})
	if status != http.StatusCreated {
		t.Fatalf("create mentee: %d %v", status, mentee)
	}
	status, agreement, _ := p.call(t, "POST", "/v1/agreements", map[string]any{
		"mentor_id": mentor["id"], "mentee_id": mentee["id"], "cadence": map[string]any{"every": 2, "unit": "week"},
		"duration_minutes": 30, "starts_on": today.AddDate(0, 0, 1).Format(time.DateOnly),
	})
	if status != http.StatusCreated {
		t.Fatalf("create agreement: %d %v", status, agreement)
	}
	path := "/v1/agreements/" + agreement["id"].(string) + "/proposals?limit=20"
	before := fake.Count("freeBusy")
	status, prop, hdr := p.call(t, "GET", path, nil)
	if status != http.StatusOK || hdr.Get("Cache-Status") != "checkins; fwd=miss" {
		t.Fatalf("proposals: %d, Cache-Status %q: %v", status, hdr.Get("Cache-Status"), prop)
	}
	slots, _ := prop["slots"].([]any)
	if len(slots) == 0 {
		t.Fatalf("no slots: %v", prop)
	}
	for _, s := range slots {
		sm := s.(map[string]any)
		start, _ := time.Parse(time.RFC3339, sm["start"].(string))
		end, _ := time.Parse(time.RFC3339, sm["end"].(string))
		for _, b := range busy {
			if start.Before(b[1]) && b[0].Before(end) {
				t.Errorf("slot %v-%v overlaps busy %v-%v", start, end, b[0], b[1])
			}
		}
	}
	if got := fake.Count("freeBusy") - before; got != 1 {
		t.Errorf("first proposals read made %d freeBusy calls, want 1", got)
	}
	status, _, hdr = p.call(t, "GET", path, nil)
	if status != http.StatusOK || hdr.Get("Cache-Status") != "checkins; hit" {
		t.Errorf("second read: %d, Cache-Status %q, want checkins; hit", status, hdr.Get("Cache-Status"))
	}
	if got := fake.Count("freeBusy") - before; got != 1 {
		t.Errorf("second read went to Google: %d freeBusy calls in all, want 1", got)
	}
	if code := p.stop(); code != exitOK {
		t.Fatalf("serve exited %d", code)
	}

	// Restart over the same Redis: the data is still there.
	p2 := start(t, env)
	for _, path := range []string{"/v1/people/" + mentor["id"].(string), "/v1/people/" + mentee["id"].(string), "/v1/agreements/" + agreement["id"].(string)} {
		if status, body, _ := p2.call(t, "GET", path, nil); status != http.StatusOK {
			t.Errorf("after restart GET %s = %d %v", path, status, body)
		}
	}
}
