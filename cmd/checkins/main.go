// Command checkins runs the check-in scheduling service.
//
//	checkins serve            run the HTTP API (and the auto-booking loop)
//	checkins autobook --once  run one auto-booking pass and print a JSON summary
//	checkins version          print the version
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // static binaries in minimal images have no zone database

	"github.com/mentorship/checkins/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2 // bad arguments or configuration
)

const usage = `usage: checkins <command>

commands:
  serve             run the HTTP API (and the auto-booking loop when enabled)
  autobook --once   run one auto-booking pass and print a JSON summary
  version           print the version

configuration comes from CHECKINS_* environment variables; see README.md
`

// loadConfig reads the configuration, reporting every problem on stderr,
// and returns the JSON logger the commands log with.
func loadConfig(getenv func(string) string, stderr io.Writer) (config.Config, *slog.Logger, bool) {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "checkins: invalid configuration:\n%v\n", err)
		return cfg, nil, false
	}
	return cfg, slog.New(slog.NewJSONHandler(stderr, nil)), true
}

// run is the whole program, with its environment passed in so that tests
// can run it end to end.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "checkins %s\n", version)
		return exitOK
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "autobook":
		return autobook(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "checkins: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
}
