package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedImageBytesTest {
  @Test
  void zerosFollowTheWrittenPart() {
    SeedImage image = SeedImage.of(new byte[] {1, 2, 3}, 8);
    assertThat(image.size()).isEqualTo(8);
    assertThat(image.bytes()).containsExactly(1, 2, 3, 0, 0, 0, 0, 0);
    assertThat(image.range(2, 3)).containsExactly(3, 0, 0);
    assertThat(image.range(5, 3)).containsExactly(0, 0, 0);
    assertThat(image.range(8, 0)).isEmpty();
  }

  @Test
  void wholeBytesAreTheImage() {
    byte[] bytes = {9, 8, 7};
    assertThat(SeedImage.of(bytes).size()).isEqualTo(3);
    assertThat(SeedImage.of(bytes).bytes()).containsExactly(9, 8, 7).isNotSameAs(bytes);
  }

  @Test
  void refusesRangesOutsideTheImageAndHeadsLargerThanIt() {
    SeedImage image = SeedImage.of(new byte[] {1}, 4);
    assertThatThrownBy(() -> image.range(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> image.range(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> SeedImage.of(new byte[4], 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
