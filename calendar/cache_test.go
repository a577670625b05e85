package calendar_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/calendar/rediscache"
	"github.com/mentorship/checkins/internal/redistest"
	"github.com/mentorship/checkins/schedule"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// countingSource is a Provider that records its calls and answers from a
// fixed busy list per calendar.
type countingSource struct {
	clock *fakeClock
	busy  map[string][]schedule.Interval

	mu     sync.Mutex
	calls  []string // "id,id from/to" per call
	fail   error
	calErr map[string]error
	gate   chan struct{} // when set, calls wait for it to close
}

func (s *countingSource) FreeBusy(ctx context.Context, ids []string, w schedule.Interval) (map[string]calendar.Busy, error) {
	s.mu.Lock()
	s.calls = append(s.calls, strings.Join(ids, ",")+" "+w.Start.Format(time.DateOnly)+"/"+w.End.Format(time.DateOnly))
	fail, gate := s.fail, s.gate
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if fail != nil {
		return nil, fail
	}
	out := map[string]calendar.Busy{}
	for _, id := range ids {
		if err := s.calErr[id]; err != nil {
			out[id] = calendar.Busy{Err: &checkins.CalendarError{CalendarID: id, Reason: "x", Err: err}, FetchedAt: s.clock.Now()}
			continue
		}
		var ivs []schedule.Interval
		for _, x := range s.busy[id] {
			if x.Start.Before(w.End) && x.End.After(w.Start) {
				ivs = append(ivs, schedule.Interval{Start: maxTime(x.Start, w.Start), End: minTime(x.End, w.End)})
			}
		}
		out[id] = calendar.Busy{Intervals: ivs, FetchedAt: s.clock.Now()}
	}
	return out, nil
}

func (s *countingSource) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

func (s *countingSource) set(fn func(s *countingSource)) {
	s.mu.Lock()
	fn(s)
	s.mu.Unlock()
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func utc(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }

func span(a, b time.Time) schedule.Interval { return schedule.Interval{Start: a, End: b} }

func show(ivs []schedule.Interval) string {
	var p []string
	for _, x := range ivs {
		p = append(p, x.Start.UTC().Format("02T15:04")+"-"+x.End.UTC().Format("02T15:04"))
	}
	return "[" + strings.Join(p, " ") + "]"
}

// newBackend makes a fresh, empty backend for one test.
type newBackend func(t *testing.T, now func() time.Time) calendar.Backend

func TestCacheMemory(t *testing.T) {
	t.Parallel()
	testCache(t, func(_ *testing.T, now func() time.Time) calendar.Backend { return calendar.NewMemoryBackend(now) })
}

func TestCacheRedis(t *testing.T) {
	t.Parallel()
	testCache(t, func(t *testing.T, _ func() time.Time) calendar.Backend {
		client, prefix := redistest.New(t)
		return rediscache.New(client, prefix)
	})
}

const (
	testTTL   = 5 * time.Minute
	testStale = time.Hour
)

type fixture struct {
	clock *fakeClock
	src   *countingSource
	cache *calendar.Cache
}

func setup(t *testing.T, nb newBackend) *fixture {
	clock := &fakeClock{t: utc(1, 12, 0)}
	src := &countingSource{clock: clock, calErr: map[string]error{}, busy: map[string][]schedule.Interval{
		"a": {span(utc(2, 9, 0), utc(2, 10, 0)), span(utc(3, 23, 0), utc(4, 1, 0)), span(utc(5, 9, 0), utc(5, 9, 30))},
		"b": {span(utc(2, 14, 0), utc(2, 15, 0))},
	}}
	cache := calendar.NewCache(src, nb(t, clock.Now), calendar.CacheOptions{TTL: testTTL, StaleFor: testStale, Now: clock.Now, ReadTimeout: time.Second})
	return &fixture{clock: clock, src: src, cache: cache}
}

func (f *fixture) get(t *testing.T, ids []string, w schedule.Interval) map[string]calendar.Busy {
	t.Helper()
	res, err := f.cache.FreeBusy(context.Background(), ids, w)
	if err != nil {
		t.Fatalf("FreeBusy: %v", err)
	}
	if len(res) != len(ids) {
		t.Fatalf("got %d entries, want %d", len(res), len(ids))
	}
	return res
}

func wantCalls(t *testing.T, src *countingSource, want ...string) {
	t.Helper()
	if got := src.Calls(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got source calls %q, want %q", got, want)
	}
}

func testCache(t *testing.T, nb newBackend) {
	w := span(utc(2, 8, 0), utc(4, 0, 30)) // days 2, 3, 4
	wantA := "[02T09:00-02T10:00 03T23:00-04T00:30]"

	t.Run("second identical query is a hit", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		first := f.get(t, []string{"a", "b"}, w)
		wantCalls(t, f.src, "a,b 2026-03-02/2026-03-05")
		if got := show(first["a"].Intervals); got != wantA || first["a"].Hit {
			t.Fatalf("first: got %s hit=%v, want %s hit=false", got, first["a"].Hit, wantA)
		}
		fetched := f.clock.Now()
		f.clock.Advance(time.Minute)
		second := f.get(t, []string{"a", "b"}, w)
		wantCalls(t, f.src, "a,b 2026-03-02/2026-03-05")
		for id, want := range map[string]string{"a": wantA, "b": "[02T14:00-02T15:00]"} {
			b := second[id]
			if got := show(b.Intervals); got != want || !b.Hit || b.Stale || !b.FetchedAt.Equal(fetched) {
				t.Errorf("%s: got %s hit=%v stale=%v fetched=%v, want %s hit=true stale=false fetched=%v", id, got, b.Hit, b.Stale, b.FetchedAt, want, fetched)
			}
		}
	})

	t.Run("only missing days are fetched", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		f.get(t, []string{"a"}, span(utc(2, 0, 0), utc(4, 0, 0)))
		res := f.get(t, []string{"a"}, span(utc(3, 0, 0), utc(6, 0, 0)))
		wantCalls(t, f.src, "a 2026-03-02/2026-03-04", "a 2026-03-04/2026-03-06")
		if got, want := show(res["a"].Intervals), "[03T23:00-04T01:00 05T09:00-05T09:30]"; got != want || res["a"].Hit {
			t.Errorf("got %s hit=%v, want %s hit=false", got, res["a"].Hit, want)
		}
	})

	t.Run("invalidate sends the next call to the source", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		f.get(t, []string{"a", "b"}, w)
		if err := f.cache.Invalidate(context.Background(), "a"); err != nil {
			t.Fatalf("Invalidate: %v", err)
		}
		res := f.get(t, []string{"a", "b"}, w)
		wantCalls(t, f.src, "a,b 2026-03-02/2026-03-05", "a 2026-03-02/2026-03-05")
		if res["a"].Hit || !res["b"].Hit {
			t.Errorf("got hit a=%v b=%v, want a=false b=true", res["a"].Hit, res["b"].Hit)
		}
	})

	t.Run("expired entries are refetched", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		f.get(t, []string{"a"}, w)
		f.clock.Advance(testTTL + time.Second)
		res := f.get(t, []string{"a"}, w)
		wantCalls(t, f.src, "a 2026-03-02/2026-03-05", "a 2026-03-02/2026-03-05")
		if b := res["a"]; b.Hit || !b.FetchedAt.Equal(f.clock.Now()) {
			t.Errorf("got hit=%v fetched=%v, want a fresh fetch at %v", b.Hit, b.FetchedAt, f.clock.Now())
		}
	})

	t.Run("source failing after expiry serves stale", func(t *testing.T) {
		t.Parallel()
		for name, fail := range map[string]func(s *countingSource){
			"whole call":   func(s *countingSource) { s.fail = fmt.Errorf("google: %w", checkins.ErrUnavailable) },
			"one calendar": func(s *countingSource) { s.calErr["a"] = checkins.ErrUnavailable },
		} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f := setup(t, nb)
				fetched := f.clock.Now()
				f.get(t, []string{"a"}, w)
				f.clock.Advance(testTTL + time.Minute)
				f.src.set(fail)
				b := f.get(t, []string{"a"}, w)["a"]
				if got := show(b.Intervals); got != wantA || !b.Stale || b.Err != nil || !b.FetchedAt.Equal(fetched) {
					t.Errorf("got %s stale=%v err=%v fetched=%v, want %s stale=true err=nil fetched=%v", got, b.Stale, b.Err, b.FetchedAt, wantA, fetched)
				}
				if n := len(f.src.Calls()); n != 2 {
					t.Errorf("got %d source calls, want 2", n)
				}
				f.clock.Advance(testStale) // past the stale horizon
				res, err := f.cache.FreeBusy(context.Background(), []string{"a"}, w)
				if err == nil && res["a"].Err == nil {
					t.Errorf("past StaleFor: got %s stale=%v, want an error", show(res["a"].Intervals), res["a"].Stale)
				}
			})
		}
	})

	t.Run("source failing with nothing cached is an error", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		f.src.set(func(s *countingSource) { s.fail = fmt.Errorf("google: %w", checkins.ErrUnavailable) })
		if _, err := f.cache.FreeBusy(context.Background(), []string{"a"}, w); !errors.Is(err, checkins.ErrUnavailable) {
			t.Fatalf("got err %v, want ErrUnavailable", err)
		}
	})

	t.Run("per-calendar errors are not cached", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		f.src.set(func(s *countingSource) { s.calErr["b"] = checkins.ErrCalendarNotFound })
		for i := 0; i < 2; i++ {
			res := f.get(t, []string{"a", "b"}, w)
			if err := res["b"].Err; !errors.Is(err, checkins.ErrCalendarNotFound) || len(res["b"].Intervals) != 0 {
				t.Fatalf("call %d: got b err=%v intervals=%s, want ErrCalendarNotFound and none", i, err, show(res["b"].Intervals))
			}
		}
		wantCalls(t, f.src, "a,b 2026-03-02/2026-03-05", "b 2026-03-02/2026-03-05")
	})

	t.Run("fresh read bypasses the cache and writes through", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		f.get(t, []string{"a"}, w)
		f.clock.Advance(time.Minute)
		f.src.set(func(s *countingSource) {
			s.busy = map[string][]schedule.Interval{"a": {span(utc(3, 12, 0), utc(3, 13, 0))}}
		})
		res, err := f.cache.FreeBusyFresh(context.Background(), []string{"a"}, w)
		if err != nil {
			t.Fatalf("FreeBusyFresh: %v", err)
		}
		want := "[03T12:00-03T13:00]"
		if got := show(res["a"].Intervals); got != want || res["a"].Hit {
			t.Fatalf("fresh: got %s hit=%v, want %s hit=false", got, res["a"].Hit, want)
		}
		again := f.get(t, []string{"a"}, w)["a"]
		if got := show(again.Intervals); got != want || !again.Hit {
			t.Errorf("after fresh: got %s hit=%v, want %s hit=true", got, again.Hit, want)
		}
		wantCalls(t, f.src, "a 2026-03-02/2026-03-05", "a 2026-03-02/2026-03-05")
	})

	t.Run("concurrent identical misses make one source call", func(t *testing.T) {
		t.Parallel()
		f := setup(t, nb)
		gate := make(chan struct{})
		f.src.set(func(s *countingSource) { s.gate = gate })
		const n = 50
		var started atomic.Int32
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				started.Add(1)
				res, err := f.cache.FreeBusy(context.Background(), []string{"a", "b"}, w)
				if err == nil && show(res["a"].Intervals) != wantA {
					err = fmt.Errorf("got %s, want %s", show(res["a"].Intervals), wantA)
				}
				errs <- err
			}()
		}
		// Release the source once every caller has started and had time to
		// read the (empty) cache and join the flight.
		for started.Load() < n || len(f.src.Calls()) == 0 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond)
		close(gate)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if calls := f.src.Calls(); len(calls) != 1 {
			t.Errorf("got %d source calls, want 1", len(calls))
		}
	})
}
