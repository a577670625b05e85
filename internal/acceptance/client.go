package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// do sends one request with the admin token and returns status and body.
func (e *env) do(ctx context.Context, method, u string, hdr map[string]string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, fmt.Errorf("encode: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, fmt.Errorf("request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, data, fmt.Errorf("read %s: %w", u, err)
	}
	return resp.StatusCode, data, nil
}

// call is do that wants status want and decodes the body into out.
func (e *env) call(ctx context.Context, method, u string, body any, want int, out any) error {
	st, data, err := e.do(ctx, method, u, nil, body)
	if err != nil {
		return err
	}
	if st != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, u, st, want, truncate(data))
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("decode %s: %w", u, err)
		}
	}
	return nil
}

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// idOnly decodes a created resource's id.
type idOnly struct {
	ID string `json:"id"`
}

// slot is one proposal.
type slot struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// proposals is the proposals answer.
type proposals struct {
	Cycle struct {
		Index int `json:"index"`
	} `json:"cycle"`
	Slots  []slot `json:"slots"`
	Reason string `json:"reason"`
}

// checkIn is the part of a check-in the harness checks.
type checkIn struct {
	ID          string `json:"id"`
	AgreementID string `json:"agreement_id"`
	Cycle       int    `json:"cycle"`
	Status      string `json:"status"`
	Start       string `json:"start"`
	Event       *struct {
		CalendarID string `json:"calendar_id"`
		EventID    string `json:"event_id"`
	} `json:"event"`
}

// fakeEvent is the part of a fake Calendar event the harness checks.
type fakeEvent struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

func (e *env) proposals(ctx context.Context, base, agreementID, cycle string) (proposals, error) {
	var p proposals
	err := e.call(ctx, http.MethodGet, base+"/v1/agreements/"+agreementID+"/proposals?limit=5&cycle="+cycle, nil, http.StatusOK, &p)
	return p, err
}

func (e *env) checkIns(ctx context.Context, base, agreementID string) ([]checkIn, error) {
	var out struct {
		CheckIns []checkIn `json:"checkins"`
	}
	err := e.call(ctx, http.MethodGet, base+"/v1/agreements/"+agreementID+"/checkins", nil, http.StatusOK, &out)
	return out.CheckIns, err
}

// liveEvents returns the non-cancelled events of a calendar in the fake.
func (e *env) liveEvents(ctx context.Context, calendarID string) ([]fakeEvent, error) {
	var evs []fakeEvent
	if err := e.call(ctx, http.MethodGet, e.fakeURL+"/_fake/events?calendar_id="+url.QueryEscape(calendarID), nil, http.StatusOK, &evs); err != nil {
		return nil, err
	}
	live := evs[:0]
	for _, ev := range evs {
		if ev.Status != "cancelled" {
			live = append(live, ev)
		}
	}
	return live, nil
}

// liveEventIDs collects the ids of the live events on calendars
// calendarOf(0) .. calendarOf(n-1).
func (e *env) liveEventIDs(ctx context.Context, n int, calendarOf func(int) string) (map[string]bool, error) {
	var mu sync.Mutex
	live := map[string]bool{}
	err := parallel(n, 16, func(i int) error {
		evs, err := e.liveEvents(ctx, calendarOf(i))
		mu.Lock()
		defer mu.Unlock()
		for _, ev := range evs {
			live[ev.ID] = true
		}
		return err
	})
	return live, err
}

func (e *env) stats(ctx context.Context) (map[string]int, error) {
	var m map[string]int
	err := e.call(ctx, http.MethodGet, e.fakeURL+"/_fake/stats", nil, http.StatusOK, &m)
	return m, err
}

// parallel runs fn(i) for i in [0,n) on workers goroutines; first error wins.
func parallel(n, workers int, fn func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
