import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the shaded helper jar with its entries stored rather than deflated (DESIGN §7), run by
 * the build with Java's source launcher between the shade and the jar's digest.
 *
 * <p>Why: a start without a startup archive (a first run, which makes the archive) reads ~600
 * classes from the jar, and inflating them was a fifth of the warm-up thread's time on a machine
 * whose two cores that start keeps busy; a stored jar made first runs ~8 ms faster. The
 * distribution's tar.gz and zip compress the jar's bytes anyway, so a download is barely larger.
 *
 * <p>Reproducible: the entries keep their order, names, times and extra fields (copied as they are,
 * no time-zone conversion), so the same shaded jar gives the same bytes. Rewriting a stored jar
 * changes nothing. The new jar replaces the old one by a rename.
 */
public final class StoredJar {
  private StoredJar() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java StoredJar.java <jar>");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Path stored = jar.resolveSibling(jar.getFileName() + ".stored");
    try (ZipFile in = new ZipFile(jar.toFile());
        OutputStream file = Files.newOutputStream(stored);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        byte[] data;
        try (InputStream bytes = in.getInputStream(entry)) {
          data = bytes.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry copy = new ZipEntry(entry);
        copy.setMethod(ZipEntry.STORED);
        copy.setSize(data.length);
        copy.setCompressedSize(data.length);
        copy.setCrc(crc.getValue());
        out.putNextEntry(copy);
        out.write(data);
        out.closeEntry();
      }
    }
    Files.move(stored, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
