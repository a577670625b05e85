package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// autobookReport is the JSON summary of `checkins autobook --once`.
type autobookReport struct {
	Agreements int `json:"agreements"`
	Due        int `json:"due"`
	Booked     []struct {
		AgreementID string `json:"agreement_id"`
		Cycle       int    `json:"cycle"`
		CheckInID   string `json:"checkin_id"`
	} `json:"booked"`
	Unscheduled []struct {
		AgreementID string `json:"agreement_id"`
		Cycle       int    `json:"cycle"`
		Reason      string `json:"reason"`
	} `json:"unscheduled"`
	Errors     []json.RawMessage `json:"errors"`
	Repaired   int               `json:"repaired"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt time.Time         `json:"finished_at"`
}

// runAutobook runs n `checkins autobook --once` processes released at the
// same moment and returns their reports and wall times.
func (e *env) runAutobook(ctx context.Context, tag string, n int) ([]autobookReport, []time.Duration, error) {
	reps := make([]autobookReport, n)
	walls := make([]time.Duration, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actx, cancel := context.WithTimeout(ctx, 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(actx, e.checkinsBin, "autobook", "--once")
			cmd.Env = e.baseEnv()
			var out, errb strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errb
			<-start
			t0 := time.Now()
			err := cmd.Run()
			walls[i] = time.Since(t0)
			logPath := filepath.Join(e.dir, fmt.Sprintf("autobook-%s-%d.log", tag, i))
			_ = writeFile(logPath, errb.String())
			if err != nil {
				errs[i] = fmt.Errorf("autobook %d: %w (stderr in %s)", i, err, logPath)
				return
			}
			if err := json.Unmarshal([]byte(out.String()), &reps[i]); err != nil {
				errs[i] = fmt.Errorf("autobook %d report: %w: %s", i, err, truncate([]byte(out.String())))
			}
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return reps, walls, err
		}
	}
	return reps, walls, nil
}

// cWeeklyCap is C's mentors' max_checkin_minutes_per_week. A mentor's five
// agreements ask 15/20/30 minutes each (85 to 120 a week when all cycles
// start at once), so a cap of 75 leaves some cycles unscheduled by the cap.
const cWeeklyCap = 75

// scenarioC: 1,000 auto_book agreements, two simultaneous passes.
func scenarioC(ctx context.Context, e *env) error {
	t0 := time.Now()
	base := e.serve[1].base // replica 0 is killed by scenario D
	mentors := make([]string, cMentors)
	mentees := make([]string, cMentors)
	err := parallel(2*cMentors, 16, func(i int) error {
		var err error
		if i < cMentors {
			mentors[i], err = e.createPerson(ctx, base, person{
				TimeZone: cZone(i), CalendarID: cMentorCalendar(i),
				BufferMinutes: 5, MinNoticeHours: 2, MaxPerWeek: cWeeklyCap,
			})
			return err
		}
		j := i - cMentors
		mentees[j], err = e.createPerson(ctx, base, person{TimeZone: cZone(j), CalendarID: cMenteeCalendar(j)})
		return err
	})
	if err != nil {
		return fmt.Errorf("seed people: %w", err)
	}
	n := cMentors * cMenteeOffsets
	agrs := make([]string, n)
	durations := [3]int{15, 20, 30}
	err = parallel(n, 16, func(j int) error {
		m, k := j%cMentors, j/cMentors
		var err error
		agrs[j], err = e.createAgreement(ctx, base, agreement{
			MentorID: mentors[m], MenteeID: mentees[(m+40*k)%cMentors],
			Cadence:  map[string]any{"every": 1 + j%2, "unit": "week"},
			Duration: durations[j%3], StartsOn: tomorrow(cZone(m)), Topics: []string{"growth"},
			AutoBook: true, BookAheadDays: 7,
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("seed agreements: %w", err)
	}
	fmt.Printf("C: seeded %d mentors, %d mentees, %d auto_book agreements over HTTP in %v\n",
		cMentors, cMentors, n, time.Since(t0).Round(time.Millisecond))

	before, err := e.stats(ctx)
	if err != nil {
		return err
	}
	reps, walls, err := e.runAutobook(ctx, "c", 2)
	if err != nil {
		return err
	}
	after, err := e.stats(ctx)
	if err != nil {
		return err
	}
	fb := after["freeBusy"] - before["freeBusy"]
	ins := after["events.insert"] - before["events.insert"]
	problems := []string{}
	seen := map[string]int{} // agreement/cycle → passes that booked it
	for i, r := range reps {
		capped := 0
		for _, u := range r.Unscheduled {
			if strings.Contains(strings.ToLower(u.Reason), "cap") {
				capped++
			}
		}
		fmt.Printf("C: pass %d: wall %v (report %v), agreements %d, due %d, booked %d, unscheduled %d (%d cap), errors %d, repaired %d\n",
			i, walls[i].Round(time.Millisecond), r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond),
			r.Agreements, r.Due, len(r.Booked), len(r.Unscheduled), capped, len(r.Errors), r.Repaired)
		if len(r.Errors) > 0 {
			problems = append(problems, fmt.Sprintf("pass %d errors: %s", i, truncate(r.Errors[0])))
		}
		for _, b := range r.Booked {
			seen[fmt.Sprintf("%s/%d", b.AgreementID, b.Cycle)]++
		}
	}
	reasons := map[string]int{}
	for _, r := range reps {
		for _, u := range r.Unscheduled {
			reasons[u.Reason]++
		}
	}
	for reason, c := range reasons {
		fmt.Printf("C: unscheduled ×%d: %q\n", c, reason)
	}
	both := 0
	for _, c := range seen {
		if c > 1 {
			both++
		}
	}
	attempted := len(seen)
	fmt.Printf("C: fake calls during both passes: freeBusy %d, events.insert %d; bookings %d → batch reads ≈ freeBusy − bookings = %d (target ≤ 8 per pass, 16 for two)\n",
		fb, ins, attempted, fb-attempted)

	// Stored check-ins versus the fake's live events.
	var mu sync.Mutex
	stored := map[string]bool{} // event ids of booked check-ins
	multi, pending := 0, 0
	err = parallel(n, 16, func(j int) error {
		cs, err := e.checkIns(ctx, e.serve[1].base, agrs[j])
		if err != nil {
			return err
		}
		per := map[int]int{}
		mu.Lock()
		defer mu.Unlock()
		for _, c := range cs {
			if c.Status == "cancelled" {
				continue
			}
			per[c.Cycle]++
			if c.Status == "pending" {
				pending++
			}
			if c.Status == "booked" && c.Event != nil {
				stored[c.Event.EventID] = true
			}
		}
		for _, v := range per {
			if v > 1 {
				multi++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	live, err := e.liveEventIDs(ctx, cMentors, cMentorCalendar)
	if err != nil {
		return err
	}
	missing, orphan := 0, 0
	for id := range stored {
		if !live[id] {
			missing++
		}
	}
	for id := range live {
		if !stored[id] {
			orphan++
		}
	}
	fmt.Printf("C: stored booked check-ins %d, live fake events %d; cycles with >1 check-in %d; cycles booked by both passes %d; pending %d; booked without event %d; events without check-in %d\n",
		len(stored), len(live), multi, both, pending, missing, orphan)
	if multi > 0 || both > 0 || pending > 0 || missing > 0 || orphan > 0 || len(stored) != attempted {
		problems = append(problems, fmt.Sprintf("consistency: stored %d vs reported booked %d, multi %d, both %d, pending %d, missing %d, orphan %d",
			len(stored), attempted, multi, both, pending, missing, orphan))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}
