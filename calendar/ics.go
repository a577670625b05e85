package calendar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// ICSOptions configures an ICS provider.
type ICSOptions struct {
	// HTTPClient fetches http(s) calendars; default: a client with a 10 s
	// timeout.
	HTTPClient *http.Client
	// Now stamps Busy.FetchedAt; default time.Now.
	Now func() time.Time
	// MaxBytes bounds the size of one calendar file; default 10 MiB.
	MaxBytes int64
}

// ICS is a Provider that reads iCalendar files. Each calendar id is a file
// path or an http(s) (or webcal) URL. Recurring events are expanded
// (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) in their TZID zones;
// floating times are read in the calendar's X-WR-TIMEZONE, else UTC.
// Only free/busy is derived: summaries and attendees are never exposed.
type ICS struct {
	client   *http.Client
	now      func() time.Time
	maxBytes int64
}

var _ Provider = (*ICS)(nil)

// icsParallel bounds the calendars read at once.
const icsParallel = 8

// NewICS returns an ICS provider.
func NewICS(opts ICSOptions) *ICS {
	p := &ICS{client: opts.HTTPClient, now: opts.Now, maxBytes: opts.MaxBytes}
	if p.client == nil {
		p.client = &http.Client{Timeout: 10 * time.Second}
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.maxBytes <= 0 {
		p.maxBytes = 10 << 20
	}
	return p
}

// FreeBusy reads every calendar and returns its busy time within window.
// A missing file or an HTTP 404/410 gives a Busy.Err wrapping
// checkins.ErrCalendarNotFound; any other read or parse failure one
// wrapping checkins.ErrUnavailable. The error is only for a cancelled ctx.
func (p *ICS) FreeBusy(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]Busy, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ics free/busy: %w: %w", checkins.ErrUnavailable, err)
	}
	out := make(map[string]Busy, len(calendarIDs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, icsParallel)
	for _, id := range calendarIDs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			b := p.one(ctx, id, window)
			mu.Lock()
			out[id] = b
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ics free/busy: %w: %w", checkins.ErrUnavailable, err)
	}
	return out, nil
}

func (p *ICS) one(ctx context.Context, id string, window schedule.Interval) Busy {
	data, err := p.read(ctx, id)
	fetched := p.now()
	if err != nil {
		return Busy{Err: err, FetchedAt: fetched}
	}
	return busyFromICS(ctx, id, data, window, fetched)
}

// busyFromICS parses one calendar into a Busy.
func busyFromICS(ctx context.Context, id string, data []byte, window schedule.Interval, fetched time.Time) Busy {
	ctx, cancel := context.WithTimeout(ctx, icsParseTimeout)
	defer cancel()
	ivs, err := icsBusy(ctx, data, window)
	if err != nil {
		return Busy{FetchedAt: fetched, Err: &checkins.CalendarError{
			CalendarID: id, Reason: "invalid",
			Err: fmt.Errorf("%w: parse iCalendar: %w", checkins.ErrUnavailable, err),
		}}
	}
	return Busy{Intervals: clipIntervals(ivs, window), FetchedAt: fetched}
}

// read loads a calendar file or URL, at most maxBytes of it.
func (p *ICS) read(ctx context.Context, id string) ([]byte, error) {
	unavailable := func(err error) error {
		return &checkins.CalendarError{CalendarID: id, Reason: "unavailable",
			Err: fmt.Errorf("%w: %w", checkins.ErrUnavailable, err)}
	}
	notFound := func(err error) error {
		return &checkins.CalendarError{CalendarID: id, Reason: "notFound",
			Err: fmt.Errorf("%w: %w", checkins.ErrCalendarNotFound, err)}
	}
	var r io.Reader
	lower := strings.ToLower(id)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "webcal://"):
		u := id
		if strings.HasPrefix(lower, "webcal://") {
			u = "https://" + id[len("webcal://"):]
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, notFound(fmt.Errorf("bad URL: %w", err))
		}
		req.Header.Set("Accept", "text/calendar")
		resp, err := p.client.Do(req)
		if err != nil {
			return nil, unavailable(fmt.Errorf("fetch: %w", err))
		}
		defer func() { _ = resp.Body.Close() }()
		switch {
		case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
			return nil, notFound(fmt.Errorf("fetch: HTTP %d", resp.StatusCode))
		case resp.StatusCode/100 != 2:
			return nil, unavailable(fmt.Errorf("fetch: HTTP %d", resp.StatusCode))
		}
		r = resp.Body
	default:
		f, err := os.Open(id)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, notFound(err)
		}
		if err != nil {
			return nil, unavailable(err)
		}
		defer func() { _ = f.Close() }()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, p.maxBytes+1))
	if err != nil {
		return nil, unavailable(fmt.Errorf("read: %w", err))
	}
	if int64(len(data)) > p.maxBytes {
		return nil, unavailable(fmt.Errorf("calendar larger than %d bytes", p.maxBytes))
	}
	return data, nil
}
