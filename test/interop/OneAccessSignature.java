import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * The vendor's Java signing, run by the JDK's default provider: `encrypt <Base64 SPKI> <plaintext>` prints the
 * Base64 signature; `decrypt <Base64 PKCS#8> <Base64 signature>` prints the plaintext.
 */
public class OneAccessSignature {
  private static final String TRANSFORMATION = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

  public static void main(String[] args) throws Exception {
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    if (args[0].equals("encrypt")) {
      PublicKey key = rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(args[1])));
      cipher.init(Cipher.ENCRYPT_MODE, key);
      byte[] signature = cipher.doFinal(args[2].getBytes(StandardCharsets.UTF_8));
      System.out.print(Base64.getEncoder().encodeToString(signature));
    } else {
      PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(args[1])));
      cipher.init(Cipher.DECRYPT_MODE, key);
      System.out.print(new String(cipher.doFinal(Base64.getDecoder().decode(args[2])), StandardCharsets.UTF_8));
    }
  }
}
