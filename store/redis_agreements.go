package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mentorship/checkins"
	"github.com/redis/go-redis/v9"
)

// CreateAgreement stores a new agreement; a taken id wraps ErrConflict.
func (r *Redis) CreateAgreement(ctx context.Context, a checkins.Agreement) error {
	if a.ID == "" {
		return errMissingField("agreement", "id")
	}
	if err := r.put(ctx, "agreement", a.ID, r.agreementKey(a.ID), a, true); err != nil {
		return err
	}
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, r.agreementsKey(), redis.Z{Score: float64(a.CreatedAt.UnixMilli()), Member: a.ID})
		r.indexPeople(ctx, p, a)
		return nil
	})
	return unavailable("index agreement", err)
}

func (r *Redis) indexPeople(ctx context.Context, p redis.Pipeliner, a checkins.Agreement) {
	for _, id := range []string{a.MentorID, a.MenteeID} {
		if id != "" {
			p.SAdd(ctx, r.personAgrKey(id), a.ID)
		}
	}
}

// GetAgreement returns an agreement or an error wrapping ErrNotFound.
func (r *Redis) GetAgreement(ctx context.Context, id string) (checkins.Agreement, error) {
	var a checkins.Agreement
	err := r.getJSON(ctx, "agreement", id, r.agreementKey(id), &a)
	return a, err
}

// UpdateAgreement replaces a stored agreement. A missing one wraps
// ErrNotFound; a changed MentorID wraps ErrConflict (check-ins are keyed by
// mentor).
func (r *Redis) UpdateAgreement(ctx context.Context, a checkins.Agreement) error {
	old, err := r.GetAgreement(ctx, a.ID)
	if err != nil {
		return err
	}
	if old.MentorID != a.MentorID {
		return errMentorChange(a.ID)
	}
	if err := r.put(ctx, "agreement", a.ID, r.agreementKey(a.ID), a, false); err != nil {
		return err
	}
	if old.MenteeID == a.MenteeID {
		return nil
	}
	_, err = r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		if old.MenteeID != "" && old.MenteeID != a.MentorID {
			p.SRem(ctx, r.personAgrKey(old.MenteeID), a.ID)
		}
		r.indexPeople(ctx, p, a)
		return nil
	})
	return unavailable("index agreement", err)
}

// ListAgreements returns the agreements f selects, by CreatedAt then ID.
func (r *Redis) ListAgreements(ctx context.Context, f AgreementFilter) ([]checkins.Agreement, error) {
	var ids []string
	var err error
	if f.PersonID != "" {
		ids, err = r.client.SMembers(ctx, r.personAgrKey(f.PersonID)).Result()
	} else {
		ids, err = r.client.ZRange(ctx, r.agreementsKey(), 0, -1).Result()
	}
	if err != nil {
		return nil, unavailable("list agreements", err)
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = r.agreementKey(id)
	}
	raws, err := r.getMany(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []checkins.Agreement
	for i, raw := range raws {
		if raw == nil {
			continue
		}
		var a checkins.Agreement
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("store: decode agreement %q: %w", ids[i], err)
		}
		if f.match(a) {
			out = append(out, a)
		}
	}
	sortAgreements(out)
	return out, nil
}

// getMany reads keys in one pipeline (keys may live in different Cluster
// slots); a missing key gives a nil entry.
func (r *Redis) getMany(ctx context.Context, keys []string) ([][]byte, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.StringCmd, len(keys))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			cmds[i] = p.Get(ctx, k)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable("get many", err)
	}
	out := make([][]byte, len(keys))
	for i, c := range cmds {
		b, err := c.Bytes()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, unavailable("get many", err)
		}
		out[i] = b
	}
	return out, nil
}
