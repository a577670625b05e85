// Command acceptance is the end-to-end acceptance harness for issue 4. It
// runs the real binaries as separate processes on loopback only: its own
// redis-server, the fake Google Calendar (cmd/fakegoogle) and several
// `checkins serve` / `checkins autobook --once` processes, then drives them
// over HTTP and prints PASS/FAIL with figures for each scenario:
//
//	A  100 concurrent bookings of one slot across two replicas: one 201
//	B  idempotent replay of one POST, then the key with another body: 422
//	C  two simultaneous auto-booking passes over 1,000 agreements
//	D  SIGKILL of a replica mid-burst, then the repair pass
//
// Usage (normally through scripts/acceptance, which builds the binaries):
//
//	acceptance -checkins /tmp/x/checkins -fakegoogle /tmp/x/fakegoogle
//
// It exits 1 when any scenario fails, 2 on a setup error. Every child
// process is killed on exit, failure, timeout or interrupt.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// overallTimeout bounds the whole run.
const overallTimeout = 9 * time.Minute

func main() {
	os.Exit(run())
}

func run() int {
	checkinsBin := flag.String("checkins", "", "path to the checkins binary")
	fakeBin := flag.String("fakegoogle", "", "path to the fakegoogle binary")
	redisBin := flag.String("redis-server", "redis-server", "redis-server binary")
	workDir := flag.String("dir", "", "scratch directory (default: a new temporary one)")
	flag.Parse()
	if *checkinsBin == "" || *fakeBin == "" {
		fmt.Fprintln(os.Stderr, "acceptance: -checkins and -fakegoogle are required")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, overallTimeout)
	defer cancel()

	dir := *workDir
	if dir == "" {
		d, err := os.MkdirTemp("", "checkins-acceptance-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "acceptance:", err)
			return 2
		}
		defer os.RemoveAll(d)
		dir = d
	}
	env, err := startEnv(ctx, dir, *checkinsBin, *fakeBin, *redisBin)
	if env != nil {
		defer env.close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "acceptance: setup:", err)
		return 2
	}
	ok := runScenarios(ctx, env)
	if !ok {
		fmt.Println("RESULT: FAIL")
		return 1
	}
	fmt.Println("RESULT: PASS")
	return 0
}

// runScenarios runs A and B, the first half of D (the kill), C while D's
// pending check-ins age past the repair threshold, then the rest of D.
func runScenarios(ctx context.Context, env *env) bool {
	all := true
	report := func(name string, err error) {
		if err != nil {
			fmt.Printf("%s: FAIL: %v\n\n", name, err)
			all = false
			return
		}
		fmt.Printf("%s: PASS\n\n", name)
	}
	report("A (one booking wins across replicas)", scenarioA(ctx, env))
	report("B (idempotent replay)", scenarioB(ctx, env))
	d, err := scenarioDKill(ctx, env)
	if err != nil {
		report("D (kill mid-burst)", err)
	}
	report("C (two concurrent auto-booking passes)", scenarioC(ctx, env))
	if d != nil {
		report("D (kill mid-burst, then repair)", scenarioDRepair(ctx, env, d))
	}
	return all
}
