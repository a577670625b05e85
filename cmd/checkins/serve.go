package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/mentorship/checkins/config"
)

// shutdownGrace bounds how long in-flight requests may finish after a
// signal.
const shutdownGrace = 10 * time.Second

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "", "listen address (overrides CHECKINS_ADDR)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	cfg, log, ok := loadConfig(getenv, stderr)
	if !ok {
		return exitUsage
	}
	if *addr != "" {
		cfg.Addr = *addr
	}
	if err := serveApp(ctx, cfg, log, stdout); err != nil {
		log.Error("checkins stopped", "error", err)
		return exitFailed
	}
	return exitOK
}

func serveApp(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	generated := cfg.AdminToken == ""
	if generated {
		cfg.AdminToken = randomToken()
	}
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	log.Info("starting checkins", "version", version, "config", cfg)

	demo, err := seedDemo(ctx, a)
	if err != nil {
		return fmt.Errorf("seed the demo data: %w", err)
	}
	h, err := a.handler(cfg.AdminToken)
	if err != nil {
		return err
	}
	// Bind before serving so that a taken port fails at once.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "checkins %s listening on %s\n", version, base)
	token := "$CHECKINS_ADMIN_TOKEN"
	if generated {
		token = cfg.AdminToken
		fmt.Fprintf(stdout, "admin token (generated; set CHECKINS_ADMIN_TOKEN to choose one): %s\n", token)
	}
	if demo != "" {
		fmt.Fprintf(stdout, "try the sample agreement's proposals:\n  curl -s -H \"Authorization: Bearer %s\" '%s/v1/agreements/%s/proposals?cycle=next&limit=5'\n", token, base, demo)
	}

	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if cfg.AutobookInterval > 0 {
		go autobookLoop(ctx, a.service, cfg.AutobookInterval, log)
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
