// Package config loads the service configuration from the environment,
// applies defaults and validates it, naming the variable at fault.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
)

// Calendar backends.
const (
	CalendarDemo   = "demo"
	CalendarICS    = "ics"
	CalendarGoogle = "google"
)

// Config is the whole configuration of a checkins process.
type Config struct {
	Addr              string        // CHECKINS_ADDR
	RedisURL          string        // CHECKINS_REDIS_URL; "" = in-memory store and cache
	Calendar          string        // CHECKINS_CALENDAR: demo, ics or google
	GoogleCredentials string        // CHECKINS_GOOGLE_CREDENTIALS: path of a service-account key
	GoogleEndpoint    string        // CHECKINS_GOOGLE_ENDPOINT: Calendar API base URL
	AdminToken        string        // CHECKINS_ADMIN_TOKEN; "" = generate one at start-up
	TokenSecret       string        // CHECKINS_TOKEN_SECRET; "" = random per process
	CacheTTL          time.Duration // CHECKINS_CACHE_TTL
	AutobookInterval  time.Duration // CHECKINS_AUTOBOOK_INTERVAL; 0 = off
	PublicURL         string        // CHECKINS_PUBLIC_URL
}

// Defaults.
const (
	DefaultAddr     = "127.0.0.1:8080"
	DefaultCacheTTL = 5 * time.Minute
)

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests) and validates it. The error lists every problem, one per line,
// each naming its variable.
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	duration := func(name string, def time.Duration) time.Duration {
		v := get(name, "")
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			errs = append(errs, fmt.Errorf("%s: %q is not a non-negative Go duration such as 5m or 30s", name, v))
			return def
		}
		return d
	}
	c := Config{
		Addr:              get("CHECKINS_ADDR", DefaultAddr),
		RedisURL:          get("CHECKINS_REDIS_URL", ""),
		Calendar:          get("CHECKINS_CALENDAR", CalendarDemo),
		GoogleCredentials: get("CHECKINS_GOOGLE_CREDENTIALS", ""),
		GoogleEndpoint:    get("CHECKINS_GOOGLE_ENDPOINT", ""),
		AdminToken:        get("CHECKINS_ADMIN_TOKEN", ""),
		TokenSecret:       get("CHECKINS_TOKEN_SECRET", ""),
		CacheTTL:          duration("CHECKINS_CACHE_TTL", DefaultCacheTTL),
		AutobookInterval:  duration("CHECKINS_AUTOBOOK_INTERVAL", 0),
		PublicURL:         get("CHECKINS_PUBLIC_URL", ""),
	}
	errs = append(errs, c.validate()...)
	if len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	return c, nil
}

func (c Config) validate() []error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("CHECKINS_ADDR: %q is not host:port", c.Addr))
	}
	if c.RedisURL != "" {
		u, err := url.Parse(c.RedisURL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			errs = append(errs, fmt.Errorf("CHECKINS_REDIS_URL: %q is not a redis:// or rediss:// URL", redact(c.RedisURL)))
		}
	}
	switch c.Calendar {
	case CalendarDemo, CalendarICS:
	case CalendarGoogle:
		if c.GoogleCredentials == "" {
			errs = append(errs, errors.New("CHECKINS_GOOGLE_CREDENTIALS: required when CHECKINS_CALENDAR=google"))
		}
	default:
		errs = append(errs, fmt.Errorf("CHECKINS_CALENDAR: %q is not one of google, ics, demo", c.Calendar))
	}
	if c.GoogleCredentials != "" {
		if f, err := os.Open(c.GoogleCredentials); err != nil {
			errs = append(errs, fmt.Errorf("CHECKINS_GOOGLE_CREDENTIALS: cannot read %q: %v", c.GoogleCredentials, errors.Unwrap(err)))
		} else {
			_ = f.Close()
		}
	}
	if c.GoogleEndpoint != "" {
		if u, err := url.Parse(c.GoogleEndpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("CHECKINS_GOOGLE_ENDPOINT: %q is not an http(s) URL", c.GoogleEndpoint))
		} else if !strings.HasSuffix(u.Path, "/") {
			errs = append(errs, fmt.Errorf("CHECKINS_GOOGLE_ENDPOINT: %q must end with / (e.g. https://host/calendar/v3/)", c.GoogleEndpoint))
		}
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("CHECKINS_PUBLIC_URL: %q is not an http(s) URL", c.PublicURL))
		}
	}
	if c.CacheTTL == 0 {
		errs = append(errs, errors.New("CHECKINS_CACHE_TTL: must be greater than zero"))
	}
	if c.AdminToken != "" && len(c.AdminToken) < 16 {
		errs = append(errs, errors.New("CHECKINS_ADMIN_TOKEN: must be at least 16 characters"))
	}
	if c.TokenSecret != "" && len(c.TokenSecret) < 32 {
		errs = append(errs, errors.New("CHECKINS_TOKEN_SECRET: must be at least 32 characters"))
	}
	return errs
}

// LogValue renders the configuration for logs with secrets redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.String("redis_url", redact(c.RedisURL)),
		slog.String("calendar", c.Calendar),
		slog.String("google_credentials", c.GoogleCredentials),
		slog.String("google_endpoint", c.GoogleEndpoint),
		slog.Bool("admin_token_set", c.AdminToken != ""),
		slog.Bool("token_secret_set", c.TokenSecret != ""),
		slog.Duration("cache_ttl", c.CacheTTL),
		slog.Duration("autobook_interval", c.AutobookInterval),
		slog.String("public_url", c.PublicURL),
	)
}

// redact hides the password of a URL.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
