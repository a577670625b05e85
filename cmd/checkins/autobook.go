package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/mentorship/checkins/booking"
)

// autobookTimeout bounds one pass.
const autobookTimeout = 10 * time.Minute

// autobook runs `checkins autobook --once`: one pass, its report as JSON
// on stdout.
func autobook(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("autobook", flag.ContinueOnError)
	fs.SetOutput(stderr)
	once := fs.Bool("once", false, "run one pass and exit")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if !*once {
		fmt.Fprintln(stderr, "checkins autobook: pass --once (the periodic loop runs inside `checkins serve` with CHECKINS_AUTOBOOK_INTERVAL)")
		return exitUsage
	}
	cfg, log, ok := loadConfig(getenv, stderr)
	if !ok {
		return exitUsage
	}
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		log.Error("start", "error", err)
		return exitFailed
	}
	defer a.close()
	if _, err := seedDemo(ctx, a); err != nil {
		log.Error("seed the demo data", "error", err)
		return exitFailed
	}
	pctx, cancel := context.WithTimeout(ctx, autobookTimeout)
	defer cancel()
	rep, err := a.service.Autobook(pctx)
	if err != nil {
		log.Error("auto-booking pass failed", "error", err)
		return exitFailed
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return exitFailed
	}
	return exitOK
}

// autobookLoop runs a pass every interval (±10% jitter, so that replicas
// spread out) until ctx ends. Passes in several processes are safe.
func autobookLoop(ctx context.Context, svc *booking.Service, interval time.Duration, log *slog.Logger) {
	for {
		wait := interval + time.Duration((rand.Float64()*0.2-0.1)*float64(interval))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		pctx, cancel := context.WithTimeout(ctx, autobookTimeout)
		rep, err := svc.Autobook(pctx)
		cancel()
		if err != nil {
			log.Error("auto-booking pass failed", "error", err)
			continue
		}
		log.Info("auto-booking pass", "agreements", rep.Agreements, "due", rep.Due, "booked", len(rep.Booked),
			"unscheduled", len(rep.Unscheduled), "errors", len(rep.Errors), "repaired", rep.Repaired,
			"took", rep.FinishedAt.Sub(rep.StartedAt))
	}
}
