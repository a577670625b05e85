package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

const aMentorCalendar = "a-mentor@example.com"

// errNoSlots reports an empty proposals answer.
var errNoSlots = errors.New("no proposed slot")

// setupA creates A's mentor, mentee and bi-weekly agreement.
func (e *env) setupA(ctx context.Context) (string, error) {
	base := e.serve[0].base
	mentor, err := e.createPerson(ctx, base, person{
		TimeZone: "America/New_York", CalendarID: aMentorCalendar,
		CheckinWindows: weekdays("08:00", "18:00"), WorkingHours: weekdays("08:00", "18:00"),
		BufferMinutes: 5, MinNoticeHours: 1,
	})
	if err != nil {
		return "", err
	}
	mentee, err := e.createPerson(ctx, base, person{
		TimeZone: "America/New_York", CalendarID: "a-mentee@example.com",
		WorkingHours: weekdays("08:00", "18:00"),
	})
	if err != nil {
		return "", err
	}
	return e.createAgreement(ctx, base, agreement{
		MentorID: mentor, MenteeID: mentee, Cadence: map[string]any{"every": 2, "unit": "week"},
		Duration: 30, StartsOn: tomorrow("America/New_York"), Topics: []string{"scaling the API gateway"},
	})
}

// scenarioA: 100 concurrent POSTs of one slot, distinct keys, alternating
// replicas: exactly one 201, 99 409, one event.
func scenarioA(ctx context.Context, e *env) error {
	agr, err := e.setupA(ctx)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	e.aAgreement = agr
	p, err := e.proposals(ctx, e.serve[0].base, agr, "next")
	if err != nil {
		return err
	}
	if len(p.Slots) == 0 {
		return fmt.Errorf("%w: %s", errNoSlots, p.Reason)
	}
	const n = 100
	statuses := make([]int, n)
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			st, _, err := e.do(ctx, http.MethodPost, e.serve[i%2].base+"/v1/agreements/"+agr+"/checkins",
				map[string]string{"Idempotency-Key": fmt.Sprintf("a-%d", i)}, map[string]any{"start": p.Slots[0].Start})
			lat[i] = time.Since(t0)
			if err != nil {
				st = -1
			}
			statuses[i] = st
		}()
	}
	close(start)
	wg.Wait()
	hist := map[int]int{}
	for _, s := range statuses {
		hist[s]++
	}
	evs, err := e.liveEvents(ctx, aMentorCalendar)
	if err != nil {
		return err
	}
	fmt.Printf("A: slot %s (cycle %d); %d POSTs alternating 2 replicas\n", p.Slots[0].Start, p.Cycle.Index, n)
	fmt.Printf("A: status histogram %s; latency p50 %v p99 %v max %v; live events on mentor calendar %d\n",
		histString(hist), pct(lat, 50), pct(lat, 99), pct(lat, 100), len(evs))
	if hist[201] != 1 || hist[409] != n-1 || len(evs) != 1 {
		return fmt.Errorf("want 1×201, %d×409, 1 event; got %s, %d events", n-1, histString(hist), len(evs))
	}
	return nil
}

// scenarioB: one POST (next open cycle) replayed 10 times with one key
// over both replicas: identical answers, one event; other body → 422.
func scenarioB(ctx context.Context, e *env) error {
	if e.aAgreement == "" {
		return errors.New("needs scenario A's agreement")
	}
	agr := e.aAgreement
	p, err := e.proposals(ctx, e.serve[1].base, agr, "next")
	if err != nil {
		return err
	}
	if len(p.Slots) < 2 {
		return fmt.Errorf("%w: %s", errNoSlots, p.Reason)
	}
	before, err := e.liveEvents(ctx, aMentorCalendar)
	if err != nil {
		return err
	}
	hdr := map[string]string{"Idempotency-Key": "b-replay-key"}
	body := map[string]any{"start": p.Slots[0].Start, "agenda": []string{"replay"}}
	var first []byte
	firstStatus := 0
	hist := map[int]int{}
	same := 0
	for i := range 10 {
		st, data, err := e.do(ctx, http.MethodPost, e.serve[i%2].base+"/v1/agreements/"+agr+"/checkins", hdr, body)
		if err != nil {
			return err
		}
		hist[st]++
		if i == 0 {
			first, firstStatus = data, st
		}
		if st == firstStatus && bytes.Equal(normJSON(data), normJSON(first)) {
			same++
		}
	}
	after, err := e.liveEvents(ctx, aMentorCalendar)
	if err != nil {
		return err
	}
	body["start"] = p.Slots[1].Start
	st422, data422, err := e.do(ctx, http.MethodPost, e.serve[0].base+"/v1/agreements/"+agr+"/checkins", hdr, body)
	if err != nil {
		return err
	}
	fmt.Printf("B: cycle %d, 10 replays: statuses %s, identical to first %d/10; new live events %d; changed body → %d\n",
		p.Cycle.Index, histString(hist), same, len(after)-len(before), st422)
	if firstStatus != 201 || same != 10 || len(after)-len(before) != 1 || st422 != 422 {
		return fmt.Errorf("want 10×201 identical, 1 new event, 422; first body %s; changed body answer %s", truncate(first), truncate(data422))
	}
	return nil
}

// normJSON re-encodes a JSON body so that formatting does not matter.
func normJSON(b []byte) []byte {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return b
	}
	out, _ := json.Marshal(v)
	return out
}

func histString(h map[int]int) string {
	keys := make([]int, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		name := fmt.Sprint(k)
		if k == -1 {
			name = "transport-error"
		}
		parts = append(parts, fmt.Sprintf("%s×%d", name, h[k]))
	}
	return strings.Join(parts, " ")
}

// pct is the q-th percentile (nearest rank) of ds.
func pct(ds []time.Duration, q int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*q + 99) / 100
	return s[max(i-1, 0)].Round(100 * time.Microsecond)
}
