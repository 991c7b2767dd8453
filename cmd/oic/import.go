package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"oic/domain"
	"oic/store"
	"oic/store/agefile"
	"oic/store/exchange"
)

const importUsage = "[--allowed-signers FILE] [--allow-unsigned] [--identity FILE] PATH"

// halfImported says what an import into s that was interrupted and never
// finished left, or "" if there is none: some of its visits are there and
// some are not, and oic export refuses until it is imported again.
func halfImported(s *store.Store) string {
	p, err := exchange.PendingImportOf(s)
	if err != nil {
		return fmt.Sprintf("cannot tell whether an import into %s was left unfinished: %v", s.Dir(), err)
	}
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%s is half-imported: %s (oic import %s); until then oic export refuses", s.Dir(), p, shellArg(p.Path))
}

// halfImportedNotice is halfImported for the TUI's status line, a line
// of the terminal's width: what to do comes first; its time in loc, the
// officers' zone.
func halfImportedNotice(s *store.Store, loc *time.Location) string {
	p, err := exchange.PendingImportOf(s)
	if err != nil || p == nil {
		return halfImported(s)
	}
	return fmt.Sprintf("Half-imported: quit and run oic import %s again to finish the import of %s started %s; exports wait until then.",
		shellArg(p.Path), filepath.Base(p.Path), p.Started.In(loc).Format(domain.DateTimeLayout))
}

// warnHalfImported says on stderr that s is half-imported, if it is.
func warnHalfImported(s *store.Store, stderr io.Writer) {
	if msg := halfImported(s); msg != "" {
		fmt.Fprintf(stderr, "oic: %s.\n", msg)
	}
}

// importClock is when an import is made; tests stand still.
var importClock = time.Now

// runImport imports a JSON Lines export, for central records: verified
// whole (digest, provenance, schema, count, each visit against the one
// here) before anything is written, then written all together (README
// "oic import").
func runImport(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("import", stderr)
	allowedSigners := fs.String("allowed-signers", "", "the allowed_signers `file` naming the folders whose signed exports are taken (default: allowed_signers in the data folder, if there is one)")
	allowUnsigned := fs.Bool("allow-unsigned", false, "admit a file with no signature (FILE.sig) beside it, such as an export from an older oic; its visits are marked \"unverified: unsigned\"")
	identity := fs.String("identity", "", "decrypt an export encrypted with age (oic export --recipient) with this `file`: an age identity file (age-keygen) or your ssh-ed25519 private key")
	paths, err := parseWithArgs(fs, args, stdout, importUsage)
	if err != nil {
		return err
	}
	if len(paths) != 1 {
		fmt.Fprintf(stderr, "oic import: give one export to import, like visits.jsonl (its digest visits.jsonl.sha256 beside it)\nUsage: oic import %s\n", importUsage)
		return errUsage
	}
	path := paths[0]
	// Refused before the store is opened (or made): a path that is not
	// there, or is a folder, a pipe or a device.
	if _, err := exchange.CheckImportable(path); err != nil {
		return err
	}
	ids, err := identitiesFor(path, *identity)
	if err != nil {
		return err
	}
	// Each visit's arrival names who imported it: in a folder nobody has
	// signed in to yet, --as says who, before a store is made there.
	if g.as == "" {
		dir, err := g.dir()
		if err != nil {
			return err
		}
		if _, err := os.Stat(store.DBDir(dir)); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("an import records who made it, and nobody has signed in to %s: pass --as STAFFNO (yours); nothing was imported", dir)
		}
	}
	s, cfg, err := g.openWith(store.Options{ForImport: true})
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := signedIn(ctx, g, s, false)
	if err != nil {
		return err
	}
	if by.StaffNo == "" {
		return fmt.Errorf("an import records who made it, and nobody is signed in on %s: pass --as STAFFNO (yours), or open oic once and sign in; nothing was imported", s.Dir())
	}
	if err := recordsAs(ctx, g, s, by, cfg.Location(), stderr); err != nil { // each arrival names them
		return err
	}
	// What an import keeps is a few hundred bytes a visit; the rest is
	// garbage made line by line: each collection marks the same small
	// live heap again, so the fewer the better, for a little more memory
	// (BENCHMARKS.md, "The import's 20 s, again").
	defer tuneGC(800, 512<<20)()
	prog := newCounter(stderr, "Checking")
	began := time.Now()
	// Stopped by a signal once writing has begun, the import takes out
	// what it wrote, taking about as long as writing it took; a stop
	// that cannot wait for that (signals.go) leaves part of the file in.
	stop := stopperOf(ctx)
	progress := func(phase string, done, total int) {
		if phase == "writing" {
			stop.leaves(fmt.Sprintf("The import of %s had written part of its visits and was taking them out: "+
				"part of the file is in the folder, as after an import killed part-way. Import the same file again to finish it", path))
		}
		prog.phase(phase, done, total)
	}
	res, err := exchange.ImportFile(ctx, s, path, exchange.ImportOptions{By: by, At: importClock(), Config: cfg, Progress: progress,
		AllowedSigners: *allowedSigners, AllowUnsigned: *allowUnsigned, Identities: ids})
	stop.leaves("")
	prog.clear()
	var ie *exchange.ImportError
	switch {
	case errors.As(err, &ie):
		return err
	case errors.Is(err, context.Canceled):
		return err // it says what was left
	case err != nil:
		return err
	}
	took := fmt.Sprintf("checked in %s, nothing to write", seconds(res.Checked))
	if res.Added+res.Replaced > 0 {
		took = fmt.Sprintf("checked and written in %s (%s checking, %s writing)", seconds(time.Since(began)), seconds(res.Checked), seconds(res.Written))
	}
	fmt.Fprintf(stdout, "Imported %s: %d visits exported by %s on %s; %s.\n",
		path, res.Visits, res.ExportedBy, res.ExportedAt.In(cfg.Location()).Format(domain.DateTimeLayout), took)
	fmt.Fprintf(stdout, "  %d added, %d replaced by a newer version, %d already here and the same, %d older than the version here (kept ours).\n",
		res.Added, res.Replaced, res.Unchanged, res.Older)
	if res.Schema == 1 {
		fmt.Fprintln(stdout, "  The file carries no history (export schema 1, from an earlier oic): a visit from it is taken only if new here and meeting the gates of closing, and is marked \"unverified: no history\".")
	}
	if res.Resumed {
		fmt.Fprintln(stdout, "  This finished an earlier import of the same file that had been interrupted.")
	}
	reportSigner(s.Dir(), res.Signature, stdout, stderr)
	return nil
}

// reportSigner says who signed an imported file, and warns where that
// could not be pinned to a folder.
func reportSigner(dataDir string, sig exchange.ImportSignature, stdout, stderr io.Writer) {
	for _, n := range sig.Notes {
		fmt.Fprintf(stderr, "oic import: note: %s.\n", n)
	}
	switch {
	case sig.Fingerprint == "":
		fmt.Fprintln(stdout, "  Not signed (admitted by --allow-unsigned): nothing in the file shows which folder made it, so each visit it brought is marked \"unverified: unsigned\".")
	case sig.Principals != "":
		fmt.Fprintf(stdout, "  Signed by %s (key %s), as %s lists it.\n", domain.Inert(sig.Principals), sig.Fingerprint, sig.AllowedSigners)
	default:
		fmt.Fprintf(stdout, "  Signed by the key %s.\n", sig.Fingerprint)
		fmt.Fprintf(stderr, "oic import: warning: signers are not pinned: %s has no allowed_signers file, so a file signed by any key is taken, and the key above is all that says who made it. "+
			"To pin the folders you take exports from, put the line oic key prints in each of them in %s (README, \"Pinning the folders you take exports from\").\n",
			dataDir, filepath.Join(dataDir, exchange.AllowedSignersFile))
	}
}

// identitiesFor reads --identity, refused before the store is opened: a
// file encrypted with none given, or an identity that cannot be read.
func identitiesFor(path, identity string) ([]age.Identity, error) {
	enc, err := agefile.EncryptedFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	switch {
	case enc && identity == "":
		return nil, fmt.Errorf("%s is encrypted (age): give the identity it was encrypted to with --identity FILE (an age identity file, or your ssh-ed25519 private key); nothing was imported", path)
	case identity == "":
		return nil, nil
	case !enc:
		return nil, fmt.Errorf("%s is not encrypted, so --identity has nothing to decrypt: leave it out; nothing was imported", path)
	}
	ids, err := agefile.Identities(identity)
	if err != nil {
		return nil, fmt.Errorf("%w; nothing was imported", err)
	}
	if err := agefile.CheckIdentities(path, ids); err != nil {
		return nil, fmt.Errorf("%w; nothing was imported", err)
	}
	return ids, nil
}
