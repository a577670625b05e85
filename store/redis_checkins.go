package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mentorship/checkins"
	"github.com/redis/go-redis/v9"
)

// mentorLookback bounds how long before a query window a check-in may
// start and still overlap it: the mentor index is scored by start, so
// ListMentorCheckIns on Redis misses check-ins longer than this.
// Check-ins last 15 to 30 minutes.
const mentorLookback = 24 * time.Hour

// createCheckIn claims the cycle (when the check-in holds it), writes the
// check-in and both indexes in one step.
// KEYS: data, cycle, agreement index, mentor index.
// ARGV: json, id, holds (1/0), cycle, start ms ("" = not in mentor index).
var createCheckIn = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
if ARGV[3] == '1' then
  local holder = redis.call('GET', KEYS[2])
  if holder then return {'cycle', holder} end
  redis.call('SET', KEYS[2], ARGV[2])
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[4], ARGV[5], ARGV[2]) end
return {'ok'}
`)

// updateCheckIn rewrites a check-in, claiming or freeing its cycle and
// moving it in the mentor index.
// KEYS: data, cycle, mentor index. ARGV: json, id, holds (1/0), start ms.
var updateCheckIn = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local holder = redis.call('GET', KEYS[2])
if ARGV[3] == '1' then
  if holder and holder ~= ARGV[2] then return {'cycle', holder} end
  redis.call('SET', KEYS[2], ARGV[2])
elseif holder == ARGV[2] then
  redis.call('DEL', KEYS[2])
end
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
else
  redis.call('ZREM', KEYS[3], ARGV[2])
end
return {'ok'}
`)

func (r *Redis) checkInKey(mentor, id string) string { return r.mentorBase(mentor) + "checkin:" + id }
func (r *Redis) mentorIndexKey(mentor string) string { return r.mentorBase(mentor) + "checkins" }
func (r *Redis) agreementIndexKey(mentor, agreement string) string {
	return r.mentorBase(mentor) + "agreement:" + agreement + ":checkins"
}
func (r *Redis) cycleKey(mentor, agreement string, cycle int) string {
	return r.mentorBase(mentor) + "agreement:" + agreement + ":cycle:" + strconv.Itoa(cycle)
}

// checkInArgs returns the JSON, holds flag and mentor-index score of c.
func checkInArgs(c checkins.CheckIn) (raw []byte, holds, start string, err error) {
	raw, err = json.Marshal(c)
	if err != nil {
		return nil, "", "", fmt.Errorf("store: encode check-in %q: %w", c.ID, err)
	}
	holds = "0"
	if c.Holds() {
		holds = "1"
	}
	if occupies(c) {
		start = strconv.FormatInt(c.Start.UnixMilli(), 10)
	}
	return raw, holds, start, nil
}

// scriptOutcome turns a script's reply into an error.
func scriptOutcome(c checkins.CheckIn, reply any) error {
	parts, _ := reply.([]any)
	if len(parts) == 0 {
		return fmt.Errorf("store: check-in %q: unexpected script reply %v", c.ID, reply)
	}
	switch parts[0] {
	case "ok":
		return nil
	case "exists":
		return errExists("check-in", c.ID)
	case "missing":
		return errNotFound("check-in", c.ID)
	case "cycle":
		holder, _ := parts[len(parts)-1].(string)
		return cycleTaken(c.AgreementID, c.Cycle, holder)
	}
	return fmt.Errorf("store: check-in %q: unexpected script reply %v", c.ID, reply)
}

// CreateCheckIn stores a new check-in. A check-in that holds its cycle
// (pending or booked) fails with a *checkins.ConflictError of kind
// ConflictCycleAlreadyBooked when another check-in holds that cycle; the
// check and the writes are one Lua script. A taken id wraps ErrConflict.
func (r *Redis) CreateCheckIn(ctx context.Context, c checkins.CheckIn) error {
	if err := validCheckIn(c); err != nil {
		return err
	}
	raw, holds, start, err := checkInArgs(c)
	if err != nil {
		return err
	}
	// The pointer locates the check-in by id alone. Written first: a
	// pointer without data reads as not found.
	ok, err := r.client.SetNX(ctx, r.checkInPtrKey(c.ID), c.MentorID, 0).Result()
	if err != nil {
		return unavailable("create check-in", err)
	}
	if !ok {
		return errExists("check-in", c.ID)
	}
	keys := []string{r.checkInKey(c.MentorID, c.ID), r.cycleKey(c.MentorID, c.AgreementID, c.Cycle),
		r.agreementIndexKey(c.MentorID, c.AgreementID), r.mentorIndexKey(c.MentorID)}
	reply, err := createCheckIn.Run(ctx, r.client, keys, raw, c.ID, holds, c.Cycle, start).Result()
	if err != nil {
		return unavailable("create check-in", err)
	}
	if err := scriptOutcome(c, reply); err != nil {
		// Refused for sure: nothing was written but the pointer.
		r.client.Del(context.WithoutCancel(ctx), r.checkInPtrKey(c.ID))
		return err
	}
	return nil
}

// checkInMentor returns the mentor id under which check-in id is stored.
func (r *Redis) checkInMentor(ctx context.Context, id string) (string, error) {
	mentor, err := r.client.Get(ctx, r.checkInPtrKey(id)).Result()
	if errors.Is(err, redis.Nil) {
		return "", errNotFound("check-in", id)
	}
	return mentor, unavailable("get check-in", err)
}

// GetCheckIn returns a check-in or an error wrapping ErrNotFound.
func (r *Redis) GetCheckIn(ctx context.Context, id string) (checkins.CheckIn, error) {
	var c checkins.CheckIn
	mentor, err := r.checkInMentor(ctx, id)
	if err != nil {
		return c, err
	}
	err = r.getJSON(ctx, "check-in", id, r.checkInKey(mentor, id), &c)
	return c, err
}

// UpdateCheckIn replaces a stored check-in. Cancelling frees its cycle;
// un-cancelling claims it again (ConflictCycleAlreadyBooked if another
// check-in holds it); a new Start moves it in the mentor index. Agreement,
// mentor and cycle cannot change (ErrConflict).
func (r *Redis) UpdateCheckIn(ctx context.Context, c checkins.CheckIn) error {
	old, err := r.GetCheckIn(ctx, c.ID)
	if err != nil {
		return err
	}
	if err := immutableCheckIn(old, c); err != nil {
		return err
	}
	raw, holds, start, err := checkInArgs(c)
	if err != nil {
		return err
	}
	keys := []string{r.checkInKey(c.MentorID, c.ID), r.cycleKey(c.MentorID, c.AgreementID, c.Cycle), r.mentorIndexKey(c.MentorID)}
	reply, err := updateCheckIn.Run(ctx, r.client, keys, raw, c.ID, holds, start).Result()
	if err != nil {
		return unavailable("update check-in", err)
	}
	return scriptOutcome(c, reply)
}

// ListCheckIns returns every check-in of an agreement, by Cycle then
// CreatedAt. An unknown agreement has none.
func (r *Redis) ListCheckIns(ctx context.Context, agreementID string) ([]checkins.CheckIn, error) {
	a, err := r.GetAgreement(ctx, agreementID)
	if errors.Is(err, checkins.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ids, err := r.client.ZRange(ctx, r.agreementIndexKey(a.MentorID, agreementID), 0, -1).Result()
	if err != nil {
		return nil, unavailable("list check-ins", err)
	}
	out, err := r.loadCheckIns(ctx, a.MentorID, ids, func(checkins.CheckIn) bool { return true })
	sortByCycle(out)
	return out, err
}

// ListMentorCheckIns returns the mentor's pending and booked check-ins,
// across agreements, whose [Start, End) overlaps [from, to), by Start.
func (r *Redis) ListMentorCheckIns(ctx context.Context, mentorID string, from, to time.Time) ([]checkins.CheckIn, error) {
	if !from.Before(to) {
		return nil, nil
	}
	ids, err := r.client.ZRangeByScore(ctx, r.mentorIndexKey(mentorID), &redis.ZRangeBy{
		Min: strconv.FormatInt(from.Add(-mentorLookback).UnixMilli()-1, 10),
		Max: strconv.FormatInt(to.UnixMilli()+1, 10),
	}).Result()
	if err != nil {
		return nil, unavailable("list mentor check-ins", err)
	}
	out, err := r.loadCheckIns(ctx, mentorID, ids, func(c checkins.CheckIn) bool { return overlaps(c, from, to) })
	sortByStart(out)
	return out, err
}

// loadCheckIns reads the mentor's check-ins ids, keeping those keep accepts.
func (r *Redis) loadCheckIns(ctx context.Context, mentor string, ids []string, keep func(checkins.CheckIn) bool) ([]checkins.CheckIn, error) {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = r.checkInKey(mentor, id)
	}
	raws, err := r.getMany(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []checkins.CheckIn
	for i, raw := range raws {
		if raw == nil {
			continue
		}
		var c checkins.CheckIn
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("store: decode check-in %q: %w", ids[i], err)
		}
		if keep(c) {
			out = append(out, c)
		}
	}
	return out, nil
}
