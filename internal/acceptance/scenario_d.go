package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Scenario D sizes and timing.
const (
	dAgreements = 200
	// dRepairAge is how long to wait after the kill: the repair pass
	// settles pending check-ins older than 2 minutes.
	dRepairAge = 125 * time.Second
)

func dMentorCalendar(i int) string { return fmt.Sprintf("d-mentor-%03d@example.com", i) }

// dState is what the kill half of scenario D hands to the repair half.
type dState struct {
	agreements []string
	ok201      map[string]string // agreement → check-in id answered 201
	killedAt   time.Time
	answered   int
}

// scenarioDKill seeds 200 agreements, fires 200 bookings at replica 0 and
// SIGKILLs it after ~30% of the answers.
func scenarioDKill(ctx context.Context, e *env) (*dState, error) {
	base := e.serve[1].base
	d := &dState{agreements: make([]string, dAgreements), ok201: map[string]string{}}
	slots := make([]string, dAgreements)
	err := parallel(dAgreements, 16, func(i int) error {
		mentor, err := e.createPerson(ctx, base, person{
			TimeZone: "Europe/London", CalendarID: dMentorCalendar(i),
			CheckinWindows: weekdays("08:00", "18:00"), WorkingHours: weekdays("08:00", "18:00"),
			MinNoticeHours: 1,
		})
		if err != nil {
			return err
		}
		mentee, err := e.createPerson(ctx, base, person{
			TimeZone: "Europe/London", CalendarID: fmt.Sprintf("d-mentee-%03d@example.com", i),
			WorkingHours: weekdays("08:00", "18:00"),
		})
		if err != nil {
			return err
		}
		if d.agreements[i], err = e.createAgreement(ctx, base, agreement{
			// auto_book stays off: only the burst and the repair may book.
			MentorID: mentor, MenteeID: mentee, Cadence: map[string]any{"every": 1, "unit": "week"},
			Duration: 30, StartsOn: tomorrow("Europe/London"), Topics: []string{"resilience"},
		}); err != nil {
			return err
		}
		p, err := e.proposals(ctx, base, d.agreements[i], "next")
		if err != nil {
			return err
		}
		if len(p.Slots) == 0 {
			return fmt.Errorf("agreement %s: %w: %s", d.agreements[i], errNoSlots, p.Reason)
		}
		slots[i] = p.Slots[0].Start
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	victim := e.serve[0]
	var answered atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	hist := map[int]int{}
	killAt := int64(dAgreements * 3 / 10)
	start := make(chan struct{})
	for i := range dAgreements {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			st, data, err := e.do(ctx, http.MethodPost, victim.base+"/v1/agreements/"+d.agreements[i]+"/checkins",
				map[string]string{"Idempotency-Key": fmt.Sprintf("d-%d", i)}, map[string]any{"start": slots[i]})
			if err != nil {
				st = -1
			}
			mu.Lock()
			hist[st]++
			if st == http.StatusCreated {
				var c checkIn
				_ = json.Unmarshal(data, &c)
				d.ok201[d.agreements[i]] = c.ID
			}
			mu.Unlock()
			if err == nil && answered.Add(1) == killAt {
				_ = victim.cmd.Process.Kill()
				mu.Lock()
				d.killedAt = time.Now()
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	if d.killedAt.IsZero() {
		_ = victim.cmd.Process.Kill()
		d.killedAt = time.Now()
	}
	d.answered = int(answered.Load())
	fmt.Printf("D: %d bookings at replica 0, SIGKILL after %d answers; statuses %s; 201s seen %d\n",
		dAgreements, killAt, histString(hist), len(d.ok201))
	return d, nil
}

// scenarioDRepair waits out the repair age, runs one autobook pass and
// checks stored check-ins against the fake's events through replica 1.
func scenarioDRepair(ctx context.Context, e *env, d *dState) error {
	base := e.serve[1].base
	pendingBefore, err := e.dPending(ctx, base, d)
	if err != nil {
		return err
	}
	if wait := time.Until(d.killedAt.Add(dRepairAge)); wait > 0 {
		fmt.Printf("D: pending check-ins now %d; waiting %v for them to age past the repair threshold\n", pendingBefore, wait.Round(time.Second))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	reps, walls, err := e.runAutobook(ctx, "d", 1)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	stored := map[string]string{} // event id → check-in id (booked)
	pending, multi, lost201 := 0, 0, 0
	err = parallel(len(d.agreements), 16, func(i int) error {
		cs, err := e.checkIns(ctx, base, d.agreements[i])
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		live := 0
		found201 := false
		for _, c := range cs {
			switch c.Status {
			case "pending":
				pending++
				live++
			case "booked":
				live++
				if c.Event != nil {
					stored[c.Event.EventID] = c.ID
				}
			}
			if c.ID == d.ok201[d.agreements[i]] && c.Status == "booked" && c.Event != nil {
				found201 = true
			}
		}
		if live > 1 {
			multi++
		}
		if _, ok := d.ok201[d.agreements[i]]; ok && !found201 {
			lost201++
		}
		return nil
	})
	if err != nil {
		return err
	}
	live, err := e.liveEventIDs(ctx, len(d.agreements), dMentorCalendar)
	if err != nil {
		return err
	}
	orphans, missing := 0, 0
	for id := range live {
		if _, ok := stored[id]; !ok {
			orphans++
		}
	}
	for id := range stored {
		if !live[id] {
			missing++
		}
	}
	fmt.Printf("D: pending before repair %d; autobook pass wall %v, repaired %d, booked %d, errors %d\n",
		pendingBefore, walls[0].Round(time.Millisecond), reps[0].Repaired, len(reps[0].Booked), len(reps[0].Errors))
	fmt.Printf("D: after repair: 201s %d (lost or not booked %d), stored booked %d, live events %d, orphan events %d, booked without event %d, pending %d, agreements with >1 live check-in %d\n",
		len(d.ok201), lost201, len(stored), len(live), orphans, missing, pending, multi)
	if lost201 > 0 || orphans > 0 || missing > 0 || pending > 0 || multi > 0 {
		return fmt.Errorf("inconsistent after repair: lost 201s %d, orphan events %d, booked without event %d, pending %d, multi %d",
			lost201, orphans, missing, pending, multi)
	}
	return nil
}

// dPending counts D's pending check-ins.
func (e *env) dPending(ctx context.Context, base string, d *dState) (int, error) {
	var n atomic.Int64
	err := parallel(len(d.agreements), 16, func(i int) error {
		cs, err := e.checkIns(ctx, base, d.agreements[i])
		for _, c := range cs {
			if c.Status == "pending" {
				n.Add(1)
			}
		}
		return err
	})
	return int(n.Load()), err
}

func writeFile(path, s string) error {
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
