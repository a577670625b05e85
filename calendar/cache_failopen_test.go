package calendar_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/schedule"
)

// brokenBackend fails every operation; with hang set, reads wait for the
// context to end instead.
type brokenBackend struct{ hang bool }

var errBroken = errors.New("backend down")

func (b brokenBackend) MGet(ctx context.Context, _ []string) ([][]byte, error) {
	if b.hang {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return nil, errBroken
}

func (brokenBackend) MSet(context.Context, map[string][]byte, time.Duration) error { return errBroken }

func (brokenBackend) Incr(context.Context, string) (int64, error) { return 0, errBroken }

func TestCacheFailsOpen(t *testing.T) {
	t.Parallel()
	for name, b := range map[string]brokenBackend{"errors": {}, "timeouts": {hang: true}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{t: utc(1, 12, 0)}
			src := &countingSource{clock: clock, busy: map[string][]schedule.Interval{"a": {span(utc(2, 9, 0), utc(2, 10, 0))}}}
			reg := prometheus.NewRegistry()
			c := calendar.NewCache(src, b, calendar.CacheOptions{Now: clock.Now, ReadTimeout: 20 * time.Millisecond, Registerer: reg})
			for i := 0; i < 2; i++ {
				start := time.Now()
				res, err := c.FreeBusy(context.Background(), []string{"a"}, span(utc(2, 0, 0), utc(3, 0, 0)))
				if err != nil {
					t.Fatalf("FreeBusy: %v, want the source's answer", err)
				}
				if got, want := show(res["a"].Intervals), "[02T09:00-02T10:00]"; got != want || res["a"].Hit {
					t.Errorf("got %s hit=%v, want %s hit=false", got, res["a"].Hit, want)
				}
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("took %v, want the read timeout to cut a hanging backend short", d)
				}
			}
			if n := len(src.Calls()); n != 2 {
				t.Errorf("got %d source calls, want 2 (nothing cached)", n)
			}
			if err := c.Invalidate(context.Background(), "a"); err == nil {
				t.Error("Invalidate on a broken backend: got nil, want an error")
			}
			if got := counterValue(t, reg, "error"); got < 2 {
				t.Errorf("got checkins_cache_requests_total{result=error} %v, want >= 2", got)
			}
			if got := counterValue(t, reg, "miss"); got != 2 {
				t.Errorf("got checkins_cache_requests_total{result=miss} %v, want 2", got)
			}
		})
	}
}

func counterValue(t *testing.T, reg *prometheus.Registry, result string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "checkins_cache_requests_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "result" && l.GetValue() == result {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
