package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load(empty) error: %v", err)
	}
	if c.Addr != "127.0.0.1:8080" || c.Calendar != "demo" || c.CacheTTL != 5*time.Minute ||
		c.AutobookInterval != 0 || c.RedisURL != "" {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadValid(t *testing.T) {
	t.Parallel()
	creds := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(creds, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{
		"CHECKINS_ADDR":               ":9090",
		"CHECKINS_REDIS_URL":          "rediss://:secret@cache:6380/2",
		"CHECKINS_CALENDAR":           "google",
		"CHECKINS_GOOGLE_CREDENTIALS": creds,
		"CHECKINS_GOOGLE_ENDPOINT":    "http://127.0.0.1:9999/calendar/v3/",
		"CHECKINS_ADMIN_TOKEN":        "0123456789abcdef",
		"CHECKINS_CACHE_TTL":          "90s",
		"CHECKINS_AUTOBOOK_INTERVAL":  "15m",
		"CHECKINS_PUBLIC_URL":         "https://checkins.example.com",
	}))
	if err != nil {
		t.Fatalf("Load error: %v", err)
	}
	if c.CacheTTL != 90*time.Second || c.AutobookInterval != 15*time.Minute || c.Calendar != "google" {
		t.Errorf("got %+v", c)
	}
	if s := c.LogValue().String(); strings.Contains(s, ":secret@") || strings.Contains(s, "0123456789abcdef") {
		t.Errorf("LogValue leaks a secret: %s", s)
	}
}

func TestLoadRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string // the variable the error must name
	}{
		{"bad redis url", map[string]string{"CHECKINS_REDIS_URL": "http://x"}, "CHECKINS_REDIS_URL"},
		{"unparsable redis url", map[string]string{"CHECKINS_REDIS_URL": "redis://%zz"}, "CHECKINS_REDIS_URL"},
		{"unknown calendar", map[string]string{"CHECKINS_CALENDAR": "outlook"}, "CHECKINS_CALENDAR"},
		{"google without credentials", map[string]string{"CHECKINS_CALENDAR": "google"}, "CHECKINS_GOOGLE_CREDENTIALS"},
		{"unreadable credentials", map[string]string{"CHECKINS_CALENDAR": "google", "CHECKINS_GOOGLE_CREDENTIALS": "/nonexistent/sa.json"}, "CHECKINS_GOOGLE_CREDENTIALS"},
		{"bad ttl", map[string]string{"CHECKINS_CACHE_TTL": "five minutes"}, "CHECKINS_CACHE_TTL"},
		{"zero ttl", map[string]string{"CHECKINS_CACHE_TTL": "0s"}, "CHECKINS_CACHE_TTL"},
		{"negative interval", map[string]string{"CHECKINS_AUTOBOOK_INTERVAL": "-1m"}, "CHECKINS_AUTOBOOK_INTERVAL"},
		{"bad addr", map[string]string{"CHECKINS_ADDR": "8080"}, "CHECKINS_ADDR"},
		{"endpoint without slash", map[string]string{"CHECKINS_GOOGLE_ENDPOINT": "http://h/calendar/v3"}, "CHECKINS_GOOGLE_ENDPOINT"},
		{"short admin token", map[string]string{"CHECKINS_ADMIN_TOKEN": "abc"}, "CHECKINS_ADMIN_TOKEN"},
		{"bad public url", map[string]string{"CHECKINS_PUBLIC_URL": "checkins.example.com"}, "CHECKINS_PUBLIC_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(env(tt.env))
			if err == nil {
				t.Fatalf("Load(%v) = nil error, want one naming %s", tt.env, tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want+":") {
				t.Errorf("error %q does not start with %s", err, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := Load(env(map[string]string{"CHECKINS_CALENDAR": "x", "CHECKINS_CACHE_TTL": "y"}))
	if err == nil || !strings.Contains(err.Error(), "CHECKINS_CALENDAR") || !strings.Contains(err.Error(), "CHECKINS_CACHE_TTL") {
		t.Errorf("error %v, want both variables named", err)
	}
}
