package dev.opad.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by each process a job passes through: the api, the worker, Redis and Postgres, from /proc
 * (utime + stime in USER_HZ ticks of 1/100 s). Postgres is many processes: the live ones (its backends, one per
 * connection, and its helpers) plus what the postmaster's exited children used, which Linux adds to its cutime and
 * cstime when it reaps them. The machine's Postgres serves other databases too; on a quiet machine they add nothing.
 */
record ProcessCpu(double api, double worker, double redis, double postgres) {

    static ProcessCpu of(Service api, Service worker, long redisPid) {
        return new ProcessCpu(api.cpuSeconds(), worker.cpuSeconds(), Service.cpuSeconds(redisPid), postgresSeconds());
    }

    ProcessCpu since(ProcessCpu before) {
        return new ProcessCpu(api - before.api, worker - before.worker, redis - before.redis, postgres - before.postgres);
    }

    double total() {
        return api + worker + redis + postgres;
    }

    /** Every process named postgres: its own time, and for the postmaster (no postgres parent) its reaped children's. */
    static double postgresSeconds() {
        long ticks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                String[] fields = postgresStat(proc);
                if (fields == null) {
                    continue;
                }
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (postgresStat(Path.of("/proc", fields[1])) == null) {
                    ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks / 100.0;
    }

    /** The stat fields after the command name of a postgres process; null for any other or one that ended. */
    private static String[] postgresStat(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            return comm.equals("postgres") ? stat.substring(stat.lastIndexOf(')') + 2).split(" ") : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
