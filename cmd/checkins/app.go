package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/mentorship/checkins/booking"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/calendar/rediscache"
	"github.com/mentorship/checkins/config"
	"github.com/mentorship/checkins/handlers"
	"github.com/mentorship/checkins/store"
)

// app holds the wired dependencies of one process.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	store    appStore
	cache    *calendar.Cache
	service  *booking.Service
	registry *prometheus.Registry
	checks   []handlers.Check
	closers  []func() error
}

// appStore is the store as main uses it: the service's needs plus health.
type appStore interface {
	booking.Store
	Ping(ctx context.Context) error
}

// newApp builds every dependency from the configuration. ctx must live as
// long as the process: OAuth token sources are built from it.
func newApp(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	a := &app{cfg: cfg, log: log, registry: prometheus.NewRegistry()}
	a.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	var backend calendar.Backend
	if cfg.RedisURL != "" {
		opts, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("CHECKINS_REDIS_URL: %w", err)
		}
		opts.ContextTimeoutEnabled = true
		// The universal client, so that Cluster and Sentinel deployments
		// only change the URL handling here.
		client := redis.NewUniversalClient(&redis.UniversalOptions{
			Addrs: []string{opts.Addr}, DB: opts.DB, Username: opts.Username, Password: opts.Password,
			TLSConfig: opts.TLSConfig, ContextTimeoutEnabled: true,
		})
		a.closers = append(a.closers, client.Close)
		st := store.NewRedis(client, "checkins:")
		a.store = st
		backend = rediscache.New(client, "checkins:cache:")
		a.checks = append(a.checks,
			handlers.Check{Name: "store", Critical: true, Run: st.Ping},
			handlers.Check{Name: "cache", Run: func(ctx context.Context) error { return client.Ping(ctx).Err() }})
	} else {
		st := store.NewMemory()
		a.store = st
		backend = calendar.NewMemoryBackend(time.Now)
		a.checks = append(a.checks,
			handlers.Check{Name: "store", Critical: true, Run: st.Ping},
			handlers.Check{Name: "cache", Run: func(context.Context) error { return nil }})
	}

	src, events, err := newProvider(ctx, cfg)
	if err != nil {
		a.close()
		return nil, err
	}
	health := calendar.NewHealth(src, time.Now)
	a.checks = append(a.checks, handlers.Check{Name: "calendar", Run: health.Check})
	a.cache = calendar.NewCache(health, backend, calendar.CacheOptions{
		TTL: cfg.CacheTTL, Now: time.Now, Registerer: a.registry, Jitter: cfg.CacheTTL / 10,
	})
	a.service = booking.New(a.store, a.cache, events, booking.Options{Logger: log})
	return a, nil
}

// newProvider returns the configured calendar backend: where free/busy is
// read and where check-in events are written. The demo and ics calendars
// are read-only, so their events are kept in memory.
func newProvider(ctx context.Context, cfg config.Config) (calendar.Provider, booking.Events, error) {
	switch cfg.Calendar {
	case config.CalendarGoogle:
		key, err := os.ReadFile(cfg.GoogleCredentials)
		if err != nil {
			return nil, nil, fmt.Errorf("CHECKINS_GOOGLE_CREDENTIALS: %w", err)
		}
		g, err := calendar.NewGoogle(ctx, calendar.GoogleOptions{CredentialsJSON: key, Endpoint: cfg.GoogleEndpoint, Now: time.Now})
		if err != nil {
			return nil, nil, fmt.Errorf("CHECKINS_GOOGLE_CREDENTIALS: %w", err)
		}
		return g, g, nil
	case config.CalendarICS:
		return calendar.NewICS(calendar.ICSOptions{Now: time.Now}), calendar.NewMemoryEvents(), nil
	default:
		return calendar.NewDemo(time.Now), calendar.NewMemoryEvents(), nil
	}
}

// handler builds the HTTP handler of the app.
func (a *app) handler(adminToken string) (http.Handler, error) {
	return handlers.New(handlers.Options{
		Service: a.service, AdminToken: adminToken, Logger: a.log, Registry: a.registry, Checks: a.checks,
	})
}

func (a *app) close() {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	if err := errors.Join(errs...); err != nil {
		a.log.Warn("closing dependencies", "error", err)
	}
}

// randomToken returns 32 random hex characters.
func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
