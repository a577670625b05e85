package calendar

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// fetchResult is one upstream call's answer: per-day entries for the
// calendars that answered, the source's Busy for those that failed.
type fetchResult struct {
	days map[string][]*cacheDay
	busy map[string]Busy
}

// fetch asks the source for ids over whole days and stores what it got
// (when writable: the generations are known).
func (c *Cache) fetch(ctx context.Context, ids []string, gens map[string]int64, days []time.Time, writable bool) (*fetchResult, error) {
	span := schedule.Interval{Start: days[0], End: days[len(days)-1].Add(24 * time.Hour)}
	res, err := c.src.FreeBusy(ctx, ids, span)
	if err != nil {
		return nil, err
	}
	now := c.now()
	out := &fetchResult{days: map[string][]*cacheDay{}, busy: map[string]Busy{}}
	values := map[string][]byte{}
	for _, id := range ids {
		b, ok := res[id]
		if !ok {
			b = Busy{FetchedAt: now, Err: &checkins.CalendarError{CalendarID: id, Reason: "internalError",
				Err: fmt.Errorf("%w: the source gave no answer for this calendar", checkins.ErrUnavailable)}}
		}
		if b.Err != nil {
			out.busy[id] = b // errors are never cached
			continue
		}
		fetched := b.FetchedAt
		if fetched.IsZero() {
			fetched = now
		}
		ds := splitDays(mergeIntervals(b.Intervals), days, fetched, now.Add(c.ttl+c.jitterFor()))
		out.days[id] = ds
		if writable {
			for i, d := range days {
				values[dayKey(gens[id], id, d)] = ds[i].encode()
			}
		}
	}
	if len(values) > 0 {
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.writeTimeout)
		defer cancel()
		if err := c.backend.MSet(wctx, values, c.ttl+c.jitter+c.staleFor); err != nil {
			c.count("error")
		}
	}
	return out, nil
}

// generations reads the generation of every calendar; ok is false when
// they cannot be read, and then nothing may be read or written.
func (c *Cache) generations(ctx context.Context, ids []string) (gens map[string]int64, ok bool) {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = genKey(id)
	}
	vals, err := c.mget(ctx, keys)
	if err != nil {
		return nil, false
	}
	gens = make(map[string]int64, len(ids))
	for i, v := range vals {
		if v == nil {
			continue
		}
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			c.count("error")
			return nil, false
		}
		gens[ids[i]] = n
	}
	return gens, true
}

// read returns every calendar's cached days (nil where missing or
// unreadable); with unknown generations, all are missing.
func (c *Cache) read(ctx context.Context, ids []string, gens map[string]int64, days []time.Time) map[string][]*cacheDay {
	out := make(map[string][]*cacheDay, len(ids))
	for _, id := range ids {
		out[id] = make([]*cacheDay, len(days))
	}
	if gens == nil {
		return out
	}
	keys := make([]string, 0, len(ids)*len(days))
	for _, id := range ids {
		for _, d := range days {
			keys = append(keys, dayKey(gens[id], id, d))
		}
	}
	vals, err := c.mget(ctx, keys)
	if err != nil {
		return out
	}
	for i, v := range vals {
		if v == nil {
			continue
		}
		d, err := decodeCacheDay(v)
		if err != nil {
			c.count("error")
			continue
		}
		out[ids[i/len(days)]][i%len(days)] = d
	}
	return out
}

// mget reads from the backend within the read timeout.
func (c *Cache) mget(ctx context.Context, keys []string) ([][]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.readTimeout)
	defer cancel()
	vals, err := c.backend.MGet(ctx, keys)
	if err == nil && len(vals) != len(keys) {
		err = fmt.Errorf("backend returned %d values for %d keys", len(vals), len(keys))
	}
	if err != nil {
		c.count("error")
		return nil, fmt.Errorf("read availability cache: %w", err)
	}
	return vals, nil
}

func (c *Cache) count(result string) {
	if c.requests != nil {
		c.requests.WithLabelValues(result).Inc()
	}
}

// registerCacheMetrics registers checkins_cache_requests_total, reusing a
// collector already registered under that name.
func registerCacheMetrics(r prometheus.Registerer) *prometheus.CounterVec {
	cv := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "checkins_cache_requests_total",
		Help: "Availability cache outcomes per calendar: hit, miss, stale; error counts backend failures.",
	}, []string{"result"})
	if err := r.Register(cv); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
				return existing
			}
		}
		return nil
	}
	return cv
}
