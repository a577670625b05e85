// Command fakegoogle runs the fake Google Calendar + OAuth server of
// package calendar/fakegoogle standalone, for driving the service from a
// shell:
//
//	fakegoogle -addr 127.0.0.1:8089 -credentials /tmp/sa.json [-busy seed.json]
//
// It prints the Calendar endpoint (for CHECKINS_GOOGLE_ENDPOINT) and writes
// a service-account key whose token_uri points at the fake (for
// CHECKINS_GOOGLE_CREDENTIALS). Test controls live under /_fake/ (stats,
// busy, errors, fail, events; see fakegoogle's controlRoutes). It runs until
// interrupted.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/mentorship/checkins/calendar/fakegoogle"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fakegoogle:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	creds := flag.String("credentials", "", "write the service-account key JSON to this path")
	busy := flag.String("busy", "", "optional JSON file of [{calendar_id,start,end}] busy periods to seed")
	flag.Parse()

	srv, err := fakegoogle.New(fakegoogle.Options{Addr: *addr})
	if err != nil {
		return err
	}
	defer srv.Close()
	if *creds != "" {
		if err := srv.WriteCredentials(*creds); err != nil {
			return err
		}
	}
	if *busy != "" {
		data, err := os.ReadFile(*busy)
		if err != nil {
			return fmt.Errorf("read busy seeds: %w", err)
		}
		if err := srv.LoadBusy(data); err != nil {
			return err
		}
	}
	fmt.Printf("endpoint %s\ntoken_uri %s\ncontrol %s/_fake/stats\n", srv.Endpoint(), srv.TokenURL(), srv.URL())
	if *creds != "" {
		fmt.Printf("credentials %s\n", *creds)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
