package calendar

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/singleflight"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// CacheOptions configures a Cache. Zero values take the defaults.
type CacheOptions struct {
	// TTL is how long fetched free/busy is served as fresh; default 5m.
	TTL time.Duration
	// StaleFor is how long past TTL an entry is kept to be served, marked
	// stale, when the source fails; default 24h.
	StaleFor time.Duration
	// Jitter, when positive, adds a random part of it to each calendar's
	// TTL so that entries fetched together do not expire together.
	Jitter time.Duration
	// Now is the clock that decides freshness; default time.Now.
	Now func() time.Time
	// ReadTimeout bounds each backend read; a timeout is a miss. Default
	// 100ms.
	ReadTimeout time.Duration
	// WriteTimeout bounds backend writes; default 1s.
	WriteTimeout time.Duration
	// FetchTimeout bounds a shared upstream call, which outlives the
	// request that started it; default 30s.
	FetchTimeout time.Duration
	// Registerer, when set, receives checkins_cache_requests_total.
	Registerer prometheus.Registerer
}

// Cache is a Provider that keeps another Provider's answers in a Backend,
// per calendar and UTC day, versioned by a per-calendar generation (keys
// "fb:{gen}:{calendarID}:{yyyy-mm-dd}", "fbgen:{calendarID}"). Backend
// failures are misses: the cache never fails a request the source can
// answer. When the source fails, entries kept past their TTL are served
// with Busy.Stale set.
type Cache struct {
	src                       Provider
	backend                   Backend
	ttl, staleFor, jitter     time.Duration
	readTimeout, writeTimeout time.Duration
	fetchTimeout              time.Duration
	now                       func() time.Time
	flights                   singleflight.Group
	requests                  *prometheus.CounterVec // nil: no metrics
}

var _ Provider = (*Cache)(nil)

// NewCache returns a cache over src stored in b.
func NewCache(src Provider, b Backend, opts CacheOptions) *Cache {
	c := &Cache{src: src, backend: b, ttl: opts.TTL, staleFor: opts.StaleFor, jitter: opts.Jitter,
		readTimeout: opts.ReadTimeout, writeTimeout: opts.WriteTimeout, fetchTimeout: opts.FetchTimeout, now: opts.Now}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.ttl, 5*time.Minute)
	def(&c.staleFor, 24*time.Hour)
	def(&c.readTimeout, 100*time.Millisecond)
	def(&c.writeTimeout, time.Second)
	def(&c.fetchTimeout, 30*time.Second)
	if c.now == nil {
		c.now = time.Now
	}
	if opts.Registerer != nil {
		c.requests = registerCacheMetrics(opts.Registerer)
	}
	return c
}

// FreeBusy answers from the cache where every day asked for is fresh, and
// fetches the rest from the source: one upstream call per distinct day
// range, shared by concurrent identical requests. When the source fails
// and kept entries cover the missing days, they are served with Stale
// set; otherwise the source's error is returned (a whole-call error as
// the error, a calendar's error in its Busy.Err).
func (c *Cache) FreeBusy(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]Busy, error) {
	ids := uniqueIDs(calendarIDs)
	days := utcDays(window)
	if len(ids) == 0 || len(days) == 0 {
		return c.src.FreeBusy(ctx, calendarIDs, window)
	}
	now := c.now()
	gens, writable := c.generations(ctx, ids)
	cached := c.read(ctx, ids, gens, days)
	out := make(map[string]Busy, len(ids))
	groups := map[[2]int][]string{}
	var order [][2]int
	for _, id := range ids {
		lo, hi := -1, -1
		for i, d := range cached[id] {
			if d == nil || !d.fresh(now) {
				if lo < 0 {
					lo = i
				}
				hi = i
			}
		}
		if lo < 0 {
			b := assemble(cached[id], window)
			b.Hit = true
			out[id] = b
			c.count("hit")
			continue
		}
		rng := [2]int{lo, hi}
		if groups[rng] == nil {
			order = append(order, rng)
		}
		groups[rng] = append(groups[rng], id)
	}
	type outcome struct {
		res *fetchResult
		err error
	}
	outcomes := make([]outcome, len(order))
	var wg sync.WaitGroup
	for i, rng := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.fetchShared(ctx, groups[rng], gens, days[rng[0]:rng[1]+1], writable)
			outcomes[i] = outcome{res, err}
		}()
	}
	wg.Wait()
	for i, rng := range order {
		o := outcomes[i]
		for _, id := range groups[rng] {
			b, err := c.settle(id, o.res, o.err, cached[id], rng, window, now)
			if err != nil {
				return nil, err
			}
			out[id] = b
		}
	}
	return out, nil
}

// settle builds one calendar's answer after a fetch of days[rng].
func (c *Cache) settle(id string, res *fetchResult, fetchErr error, cached []*cacheDay, rng [2]int, window schedule.Interval, now time.Time) (Busy, error) {
	if fetchErr == nil {
		if fresh, ok := res.days[id]; ok {
			days := slices.Clone(cached)
			copy(days[rng[0]:rng[1]+1], fresh)
			c.count("miss")
			return assemble(days, window), nil
		}
		if b := res.busy[id]; !errors.Is(b.Err, checkins.ErrUnavailable) {
			c.count("miss")
			return b, nil // not found (or another lasting failure): no stale answer
		}
	}
	stale := true
	for _, d := range cached {
		if d == nil || !d.usableStale(now, c.staleFor) {
			stale = false
			break
		}
	}
	if stale {
		b := assemble(cached, window)
		b.Hit, b.Stale = true, true
		c.count("stale")
		return b, nil
	}
	c.count("miss")
	if fetchErr != nil {
		return Busy{}, fetchErr
	}
	return res.busy[id], nil
}

// FreeBusyFresh reads the source, never the cache (the booking-time
// re-read), and writes what it read through to the cache. Errors are the
// source's; no stale data is served.
func (c *Cache) FreeBusyFresh(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]Busy, error) {
	ids := uniqueIDs(calendarIDs)
	days := utcDays(window)
	if len(ids) == 0 || len(days) == 0 {
		return c.src.FreeBusy(ctx, calendarIDs, window)
	}
	gens, writable := c.generations(ctx, ids)
	res, err := c.fetch(ctx, ids, gens, days, writable)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Busy, len(ids))
	for _, id := range ids {
		if days, ok := res.days[id]; ok {
			out[id] = assemble(days, window)
		} else {
			out[id] = res.busy[id]
		}
	}
	return out, nil
}

// Invalidate drops everything cached for calendarID by bumping its
// generation. It returns an error wrapping checkins.ErrUnavailable when
// the backend cannot be written.
func (c *Cache) Invalidate(ctx context.Context, calendarID string) error {
	ctx, cancel := context.WithTimeout(ctx, c.writeTimeout)
	defer cancel()
	if _, err := c.backend.Incr(ctx, genKey(calendarID)); err != nil {
		c.count("error")
		return fmt.Errorf("invalidate cached availability of %q: %w: %w", calendarID, checkins.ErrUnavailable, err)
	}
	return nil
}

// fetchShared runs fetch once for concurrent identical requests. The
// shared call outlives a waiter that gives up.
func (c *Cache) fetchShared(ctx context.Context, ids []string, gens map[string]int64, days []time.Time, writable bool) (*fetchResult, error) {
	ids = slices.Sorted(slices.Values(ids))
	var key strings.Builder
	key.WriteString(days[0].Format(time.DateOnly) + "/" + days[len(days)-1].Format(time.DateOnly) + "/" + strconv.FormatBool(writable))
	for _, id := range ids {
		key.WriteString("\x00" + id + "\x00" + strconv.FormatInt(gens[id], 10))
	}
	ch := c.flights.DoChan(key.String(), func() (any, error) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.fetchTimeout)
		defer cancel()
		return c.fetch(fctx, ids, gens, days, writable)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*fetchResult), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("cached free/busy: %w: %w", checkins.ErrUnavailable, ctx.Err())
	}
}

func uniqueIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// jitterFor returns the random extra freshness of one entry.
func (c *Cache) jitterFor() time.Duration {
	if c.jitter <= 0 {
		return 0
	}
	return rand.N(c.jitter)
}
