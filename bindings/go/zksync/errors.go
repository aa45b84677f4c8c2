package zksync

import (
	"fmt"
)

// Error is the error of every failing libzksync call.
type Error struct {
	Status     Status // the zks_status
	Message    string // zks_strerror(Status), or a more precise text
	ServerCode int64  // the server's JSON-RPC / zkSync error code, 0 when none
	Detail     string // the server's message or the failing function, when known
	// RevertReason is the decoded reason of an L1 revert (ErrL1Revert), when known.
	RevertReason string
	// File and Line name the place of a snapshot-file error (zks_exit_error;
	// StatusFileFormat, StatusIo): the path as given and the 1-based line (0 = not
	// about a line). Empty otherwise.
	File string
	Line uint64
	// Cause is what stopped a cancelled call (StatusCancelled): ctx.Err() or
	// the error a progress callback returned; or the error of a journal hook's
	// Save that stopped a send (StatusIo). errors.Is/As see it through Unwrap.
	Cause error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = Strerror(e.Status)
	}
	s := fmt.Sprintf("zksync: %s (%s)", msg, e.Status)
	if e.ServerCode != 0 {
		s += fmt.Sprintf(" [server code %d]", e.ServerCode)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.RevertReason != "" && e.RevertReason != e.Detail {
		s += " (revert reason: " + e.RevertReason + ")"
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns Cause (nil for most errors).
func (e *Error) Unwrap() error { return e.Cause }

// Is makes errors.Is(err, ErrX) compare statuses.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Status == e.Status
}

// String returns the C name of the status, e.g. "ZKS_ERR_INVALID_KEY".
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("zks_status(%d)", int(s))
}

func newError(s Status, detail string) *Error {
	return &Error{Status: s, Message: Strerror(s), Detail: detail}
}

// check turns a C status into nil or an *Error naming the function.
func check(st Status, fn string) error {
	if st == StatusOk {
		return nil
	}
	return newError(st, fn)
}
